// Minimal, honest stand-ins for the controllers the platform depends on:
// - deployment: pods per template hash (no ReplicaSet objects), rollouts surge to the desired count
//   and retire old pods as new ones become Ready (maxSurge 100%, maxUnavailable 0), status counts;
// - scheduler + kubelet: a pod is Pending, then scheduled to a node (or stays Pending with an
//   Unschedulable condition), then Running and Ready;
// - horizontal pod autoscaler: clamps the target to [min, max] and, when a CPU utilisation is set
//   by the test, scales by ceil(current * utilisation / target) like the real formula;
// - events for all of that, like the real components write them.

import { createHash, randomBytes } from 'node:crypto';
import type { JsonObject } from './patch.js';
import { clone } from './patch.js';
import { RESOURCES, type ResourceDef } from './resources.js';
import type { Store } from './store.js';

const def = (kind: string): ResourceDef => RESOURCES.find((d) => d.kind === kind)!;
const DEPLOY = def('Deployment');
const POD = def('Pod');
const HPA = def('HorizontalPodAutoscaler');
const EVENT = def('Event');
const NODE = def('Node');

const meta = (o: JsonObject): JsonObject => (o.metadata ??= {}) as JsonObject;
const spec = (o: JsonObject): JsonObject => (o.spec ??= {}) as JsonObject;
const status = (o: JsonObject): JsonObject => (o.status ??= {}) as JsonObject;
const isoNow = (): string => new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export interface ControllerOptions {
  /** delay before a new pod is scheduled to a node */
  readonly scheduleDelayMs: number;
  /** delay between scheduling and Running/Ready */
  readonly startDelayMs: number;
  readonly nodes: readonly string[];
}

export function podIsReady(pod: JsonObject): boolean {
  const conds = (status(pod).conditions ?? []) as JsonObject[];
  return conds.some((c) => c.type === 'Ready' && c.status === 'True');
}

export function templateHash(template: unknown): string {
  return createHash('sha256').update(JSON.stringify(template ?? {})).digest('hex').slice(0, 10).replace(/[0-9]/g, (d) => 'bcdfghjklm'[Number(d)]!);
}

export class Controllers {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly pending = new Set<string>();
  private unsubscribe: (() => void) | undefined;
  private nodeCursor = 0;
  private ipCursor = 10;
  private stopped = false;
  /** when set, new pods stay Pending with this FailedScheduling message */
  unschedulable: string | undefined;
  /** average CPU utilisation (percent of request) the metrics API reports for HPA targets */
  cpuUtilization: number | undefined;
  /** more status.currentMetrics entries (Pods, Object, External) the HPAs report, as the test sets them */
  extraCurrentMetrics: JsonObject[] = [];

  constructor(
    private readonly store: Store,
    private readonly opts: ControllerOptions,
  ) {}

  start(): void {
    this.unsubscribe = this.store.subscribe((e) => {
      if (e.def === POD && e.type === 'ADDED' && !spec(e.object).nodeName) {
        const name = String(meta(e.object).name);
        this.later(this.opts.scheduleDelayMs, () => this.schedule(e.namespace, name));
      }
      if (e.def === DEPLOY || e.def === HPA || e.def === POD) this.queue(e.namespace);
    });
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private later(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(t);
  }

  queue(namespace: string): void {
    if (this.pending.has(namespace) || this.stopped) return;
    this.pending.add(namespace);
    this.later(0, () => {
      this.pending.delete(namespace);
      this.reconcile(namespace);
    });
  }

  event(involved: JsonObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
    const m = meta(involved);
    const ns = String(m.namespace ?? 'default');
    if (!this.store.get(def('Namespace'), '', ns)) return;
    const ts = isoNow();
    this.store.create(
      EVENT,
      {
        metadata: { name: `${String(m.name)}.${randomBytes(8).toString('hex')}`, namespace: ns },
        involvedObject: { apiVersion: involved.apiVersion ?? 'v1', kind: involved.kind ?? '', name: m.name ?? '', namespace: ns, uid: m.uid ?? '' },
        reason,
        message,
        type,
        source: { component },
        reportingComponent: component,
        firstTimestamp: ts,
        lastTimestamp: ts,
        count: 1,
      },
      { manager: component },
    );
  }

  reconcile(namespace: string): void {
    const nsObj = this.store.get(def('Namespace'), '', namespace);
    if (!nsObj || status(nsObj).phase === 'Terminating') return;
    for (const hpa of this.store.list(HPA, namespace)) this.reconcileHpa(hpa);
    for (const d of this.store.list(DEPLOY, namespace)) this.reconcileDeployment(d);
  }

  private ownedPods(d: JsonObject): JsonObject[] {
    const uid = meta(d).uid;
    return this.store
      .list(POD, String(meta(d).namespace))
      .filter((p) => ((meta(p).ownerReferences ?? []) as JsonObject[]).some((r) => r.uid === uid));
  }

  private reconcileDeployment(d: JsonObject): void {
    if (meta(d).deletionTimestamp) return;
    const name = String(meta(d).name);
    const ns = String(meta(d).namespace);
    const replicas = Number(spec(d).replicas ?? 1);
    const hash = templateHash(spec(d).template);
    let owned = this.ownedPods(d);
    const current = owned.filter((p) => (meta(p).labels as JsonObject | undefined)?.['pod-template-hash'] === hash);
    const old = owned.filter((p) => !current.includes(p));
    if (current.length < replicas) {
      for (let i = current.length; i < replicas; i++) this.createPod(d, hash);
      this.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name}-${hash} from ${current.length} to ${replicas}`, 'deployment-controller');
    } else if (current.length > replicas) {
      const victims = [...current].sort((a, b) => Number(podIsReady(a)) - Number(podIsReady(b))).slice(0, current.length - replicas);
      for (const v of victims) this.store.remove(POD, ns, String(meta(v).name));
      this.event(d, 'Normal', 'ScalingReplicaSet', `Scaled down replica set ${name}-${hash} from ${current.length} to ${replicas}`, 'deployment-controller');
    }
    if (old.length > 0) {
      const readyNew = this.ownedPods(d).filter((p) => (meta(p).labels as JsonObject | undefined)?.['pod-template-hash'] === hash && podIsReady(p)).length;
      const keep = Math.max(0, Math.min(old.length, replicas - readyNew));
      const retire = [...old].sort((a, b) => Number(podIsReady(a)) - Number(podIsReady(b))).slice(0, old.length - keep);
      const oldHashes = new Set(retire.map((p) => String((meta(p).labels as JsonObject | undefined)?.['pod-template-hash'])));
      for (const v of retire) this.store.remove(POD, ns, String(meta(v).name));
      for (const h of oldHashes) {
        this.event(d, 'Normal', 'ScalingReplicaSet', `Scaled down replica set ${name}-${h} from ${old.length} to ${keep}`, 'deployment-controller');
      }
    }
    owned = this.ownedPods(d);
    const updated = owned.filter((p) => (meta(p).labels as JsonObject | undefined)?.['pod-template-hash'] === hash);
    const ready = owned.filter(podIsReady).length;
    const done = updated.length === replicas && owned.length === replicas && ready === replicas;
    const next: JsonObject = {
      observedGeneration: meta(d).generation ?? 1,
      replicas: owned.length,
      updatedReplicas: updated.length,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(owned.length - ready > 0 ? { unavailableReplicas: owned.length - ready } : {}),
      conditions: [
        { type: 'Available', status: ready >= replicas ? 'True' : 'False', reason: ready >= replicas ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable', message: ready >= replicas ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.' },
        { type: 'Progressing', status: 'True', reason: done ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated', message: done ? `ReplicaSet "${name}-${hash}" has successfully progressed.` : `ReplicaSet "${name}-${hash}" is progressing.` },
      ],
    };
    for (const k of ['readyReplicas', 'availableReplicas', 'updatedReplicas', 'replicas']) if (next[k] === 0) delete next[k];
    const fresh = this.store.get(DEPLOY, ns, name);
    if (!fresh) return;
    if (JSON.stringify(fresh.status ?? {}) !== JSON.stringify(next)) {
      fresh.status = next;
      this.store.writeStatus(DEPLOY, fresh);
    }
  }

  private createPod(d: JsonObject, hash: string): void {
    const template = clone((spec(d).template ?? {}) as JsonObject);
    const tmeta = (template.metadata ?? {}) as JsonObject;
    const name = `${String(meta(d).name)}-${hash}-${randomBytes(3).toString('hex').slice(0, 5)}`;
    const ns = String(meta(d).namespace);
    const pod = this.store.create(
      POD,
      {
        metadata: {
          name,
          namespace: ns,
          labels: { ...((tmeta.labels ?? {}) as JsonObject), 'pod-template-hash': hash },
          ...(tmeta.annotations ? { annotations: tmeta.annotations } : {}),
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: meta(d).name ?? '', uid: meta(d).uid ?? '', controller: true, blockOwnerDeletion: true }],
        },
        spec: (template.spec ?? {}) as JsonObject,
        status: { phase: 'Pending', qosClass: 'BestEffort' },
      },
      { manager: 'kube-controller-manager' },
    );
    void pod;
  }

  /** Retry scheduling every Pending pod (after unschedulable is cleared). */
  rescheduleAll(): void {
    for (const p of this.store.list(POD)) {
      if (status(p).phase === 'Pending') this.later(this.opts.scheduleDelayMs, () => this.schedule(String(meta(p).namespace), String(meta(p).name)));
    }
  }

  private schedule(ns: string, name: string): void {
    const pod = this.store.get(POD, ns, name);
    if (!pod || spec(pod).nodeName) return;
    if (this.unschedulable) {
      status(pod).conditions = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: this.unschedulable, lastTransitionTime: isoNow() }];
      this.store.writeStatus(POD, pod);
      this.event(pod, 'Warning', 'FailedScheduling', this.unschedulable, 'default-scheduler');
      return;
    }
    const nodes = this.schedulableNodes();
    if (nodes.length === 0) {
      const all = this.store.list(NODE).length;
      const message = `0/${all} nodes are available: ${all} node(s) were unschedulable or not ready.`;
      status(pod).conditions = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: isoNow() }];
      this.store.writeStatus(POD, pod);
      this.event(pod, 'Warning', 'FailedScheduling', message, 'default-scheduler');
      return;
    }
    const node = nodes[this.nodeCursor++ % nodes.length]!;
    spec(pod).nodeName = node;
    status(pod).conditions = [{ type: 'PodScheduled', status: 'True', lastTransitionTime: isoNow() }];
    this.store.writeStatus(POD, pod);
    this.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${node}`, 'default-scheduler');
    this.later(this.opts.startDelayMs, () => this.run(ns, name));
  }

  /** Node objects that are Ready and not cordoned; without any Node object, the configured names. */
  private schedulableNodes(): string[] {
    const objects = this.store.list(NODE);
    if (objects.length === 0) return [...this.opts.nodes];
    return objects
      .filter((n) => !spec(n).unschedulable && !meta(n).deletionTimestamp && ((status(n).conditions ?? []) as JsonObject[]).some((c) => c.type === 'Ready' && c.status === 'True'))
      .map((n) => String(meta(n).name));
  }

  private run(ns: string, name: string): void {
    const pod = this.store.get(POD, ns, name);
    if (!pod) return;
    const ts = isoNow();
    const containers = (spec(pod).containers ?? []) as JsonObject[];
    const st = status(pod);
    st.phase = 'Running';
    st.startTime = ts;
    st.hostIP = '172.18.0.2';
    st.podIP = `10.244.${Math.floor(this.ipCursor / 250) % 250}.${(this.ipCursor++ % 250) + 1}`;
    st.conditions = ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastTransitionTime: ts }));
    st.containerStatuses = containers.map((c) => ({ name: c.name ?? 'main', image: c.image ?? '', ready: true, started: true, restartCount: 0, state: { running: { startedAt: ts } } }));
    this.store.writeStatus(POD, pod);
    for (const c of containers) this.event(pod, 'Normal', 'Started', `Started container ${String(c.name)}`, 'kubelet');
  }

  /** Simulate a container crash + restart: restartCount goes up, the pod stays Running. */
  restartPod(ns: string, name: string): void {
    const pod = this.store.get(POD, ns, name);
    if (!pod) throw new Error(`no pod ${ns}/${name}`);
    for (const cs of (status(pod).containerStatuses ?? []) as JsonObject[]) {
      cs.restartCount = Number(cs.restartCount ?? 0) + 1;
      cs.lastState = { terminated: { exitCode: 1, reason: 'Error', finishedAt: isoNow() } };
    }
    this.store.writeStatus(POD, pod);
    this.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container', 'kubelet');
  }

  private reconcileHpa(hpa: JsonObject): void {
    const ns = String(meta(hpa).namespace);
    const ref = (spec(hpa).scaleTargetRef ?? {}) as JsonObject;
    const target = ref.kind === 'Deployment' ? this.store.get(DEPLOY, ns, String(ref.name)) : undefined;
    const min = Number(spec(hpa).minReplicas ?? 1);
    const max = Number(spec(hpa).maxReplicas ?? min);
    const next: JsonObject = {};
    if (!target) {
      next.currentReplicas = 0;
      next.desiredReplicas = 0;
      next.conditions = [{ type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message: `the HPA controller was unable to get the target's current scale: deployments/scale.apps "${String(ref.name)}" not found` }];
    } else {
      const current = Number(spec(target).replicas ?? 1);
      const cpuTarget = ((spec(hpa).metrics ?? []) as JsonObject[])
        .map((m) => ((m.resource ?? {}) as JsonObject))
        .find((r) => r.name === 'cpu');
      const targetUtil = Number(((cpuTarget?.target ?? {}) as JsonObject).averageUtilization ?? 0);
      let desired = current;
      let reason = '';
      if (this.cpuUtilization !== undefined && targetUtil > 0) {
        const ratio = this.cpuUtilization / targetUtil;
        if (Math.abs(ratio - 1) > 0.1) {
          desired = Math.max(1, Math.ceil(current * ratio));
          reason = ratio > 1 ? 'cpu resource utilization (percentage of request) above target' : 'All metrics below target';
        }
      }
      if (desired < min) reason = "Current number of replicas below Spec's minimum";
      if (desired > max) reason = "Current number of replicas above Spec's maximum";
      desired = Math.min(max, Math.max(min, desired));
      next.currentReplicas = Number(status(target).replicas ?? 0);
      next.desiredReplicas = desired;
      if (this.cpuUtilization !== undefined) {
        next.currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: this.cpuUtilization, averageValue: `${this.cpuUtilization * 5}m` } } }];
      }
      if (this.extraCurrentMetrics.length) next.currentMetrics = [...((next.currentMetrics ?? []) as JsonObject[]), ...clone(this.extraCurrentMetrics)];
      next.conditions = [
        { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
        this.cpuUtilization !== undefined
          ? { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' }
          : { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API' },
      ];
      const prev = status(hpa);
      if (prev.lastScaleTime) next.lastScaleTime = prev.lastScaleTime;
      if (desired !== current) {
        const t = this.store.get(DEPLOY, ns, String(ref.name))!;
        spec(t).replicas = desired;
        this.store.update(DEPLOY, t, { manager: 'horizontal-pod-autoscaler', subresource: 'scale' });
        next.lastScaleTime = isoNow();
        this.event(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason || 'target out of range'}`, 'horizontal-pod-autoscaler');
      }
    }
    const fresh = this.store.get(HPA, ns, String(meta(hpa).name));
    if (fresh && JSON.stringify(fresh.status ?? {}) !== JSON.stringify(next)) {
      fresh.status = next;
      this.store.writeStatus(HPA, fresh);
    }
  }
}
