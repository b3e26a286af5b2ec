// Pure: Kubernetes objects -> what the cockpit shows (WorkerUnit, InfraResource, log lines).
// The cockpit never learns these came from Kubernetes.

import type { InfraResource, WorkerUnit } from '../platform.js';
import { HPA, LABEL_COMPONENT, MASTER, WORKER } from './names.js';
import type { KubeObject } from './rest.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0) || 0);

export const component = (o: KubeObject): string | undefined => o.metadata?.labels?.[LABEL_COMPONENT];

export function podReady(p: KubeObject): boolean {
  return arr(obj(p.status).conditions).some((c) => c.type === 'Ready' && c.status === 'True');
}

export function podRestarts(p: KubeObject): number {
  return arr(obj(p.status).containerStatuses).reduce((a, c) => a + num(c.restartCount), 0);
}

/** kubectl's STATUS column, roughly: Terminating, a container's waiting reason, else the phase. */
export function podPhase(p: KubeObject): string {
  if (p.metadata?.deletionTimestamp) return 'Terminating';
  for (const cs of arr(obj(p.status).containerStatuses)) {
    const waiting = obj(obj(cs.state).waiting);
    if (typeof waiting.reason === 'string') return waiting.reason;
  }
  const phase = String(obj(p.status).phase ?? 'Pending');
  if (phase === 'Running' && !podReady(p)) return 'Running (not ready)';
  return phase;
}

/** Why a pod is not running yet, in the scheduler's or kubelet's words; undefined when it runs. */
export function pendingReason(p: KubeObject): string | undefined {
  const st = obj(p.status);
  if (st.phase !== 'Pending' && podReady(p)) return undefined;
  const unscheduled = arr(st.conditions).find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (unscheduled) return `${String(unscheduled.reason ?? 'Unschedulable')}: ${String(unscheduled.message ?? '')}`.trim();
  for (const cs of arr(st.containerStatuses)) {
    const waiting = obj(obj(cs.state).waiting);
    if (typeof waiting.reason === 'string' && waiting.reason !== 'ContainerCreating') {
      return `${waiting.reason}${typeof waiting.message === 'string' ? `: ${waiting.message}` : ''}`;
    }
  }
  if (st.phase === 'Pending') return obj(p.spec).nodeName ? 'starting containers' : 'waiting for the scheduler';
  return undefined;
}

const startedAt = (p: KubeObject): number | undefined => {
  const t = obj(p.status).startTime ?? p.metadata?.creationTimestamp;
  const ms = typeof t === 'string' ? Date.parse(t) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
};

const byAge = (a: KubeObject, b: KubeObject): number =>
  String(a.metadata?.creationTimestamp ?? '').localeCompare(String(b.metadata?.creationTimestamp ?? '')) || String(a.metadata?.name).localeCompare(String(b.metadata?.name));

export function workerUnits(pods: readonly KubeObject[]): WorkerUnit[] {
  return pods
    .filter((p) => component(p) === 'worker')
    .sort(byAge)
    .map((p) => {
      const node = obj(p.spec).nodeName;
      const started = startedAt(p);
      return {
        id: p.metadata?.name ?? '?',
        alive: podReady(p),
        restarts: podRestarts(p),
        phase: podPhase(p),
        ...(typeof node === 'string' ? { node } : {}),
        ...(started !== undefined ? { startedAt: started } : {}),
      };
    });
}

/** The newest Ready master pod: the one a port-forward should reach. */
export function readyMasterPod(pods: readonly KubeObject[]): KubeObject | undefined {
  return pods
    .filter((p) => component(p) === 'master' && podReady(p) && !p.metadata?.deletionTimestamp)
    .sort(byAge)
    .at(-1);
}

function age(iso: unknown): string {
  const ms = typeof iso === 'string' ? Date.now() - Date.parse(iso) : NaN;
  if (!Number.isFinite(ms)) return '?';
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 120 ? `${s}s` : s < 7200 ? `${Math.floor(s / 60)}m` : s < 172800 ? `${Math.floor(s / 3600)}h` : `${Math.floor(s / 86400)}d`;
}

export interface RolloutState {
  readonly desired: number;
  readonly updated: number;
  readonly ready: number;
  readonly total: number;
  readonly observed: boolean;
  readonly done: boolean;
}

export function rollout(d: KubeObject): RolloutState {
  const spec = obj(d.spec);
  const st = obj(d.status);
  const desired = spec.replicas === undefined ? 1 : num(spec.replicas);
  const updated = num(st.updatedReplicas);
  const ready = num(st.readyReplicas);
  const total = num(st.replicas);
  const observed = num(st.observedGeneration) >= num(d.metadata?.generation ?? 0);
  return { desired, updated, ready, total, observed, done: observed && updated === desired && ready === desired && total === desired };
}

function deploymentRow(d: KubeObject): InfraResource {
  const r = rollout(d);
  const detail = r.done
    ? `${r.ready} ready of ${r.desired}`
    : `rolling out: ${r.updated} of ${r.desired} updated, ${r.ready} ready${r.total > r.desired ? `, ${r.total - r.desired} old pod(s) terminating` : ''}`;
  return { kind: 'Deployment', name: d.metadata?.name ?? '?', status: `${r.ready}/${r.desired}`, detail, healthy: r.ready >= r.desired };
}

export function hpaRow(h: KubeObject): InfraResource {
  const spec = obj(h.spec);
  const st = obj(h.status);
  const targets = arr(spec.metrics).map((m) => {
    const res = obj(m.resource);
    const name = String(res.name ?? m.type ?? '?');
    const target = obj(res.target);
    const cur = arr(st.currentMetrics).find((c) => obj(c.resource).name === res.name);
    const current = obj(obj(cur?.resource).current);
    const want = target.averageUtilization !== undefined ? `${String(target.averageUtilization)}%` : String(target.averageValue ?? target.value ?? '?');
    const have = current.averageUtilization !== undefined ? `${String(current.averageUtilization)}%` : current.averageValue !== undefined ? String(current.averageValue) : '<unknown>';
    return `${name} ${have}/${want}`;
  });
  const inactive = arr(st.conditions).find((c) => c.type === 'ScalingActive' && c.status === 'False');
  const bounds = `min ${num(spec.minReplicas ?? 1)} max ${num(spec.maxReplicas)}`;
  return {
    kind: 'HPA',
    name: h.metadata?.name ?? HPA,
    status: `${num(st.currentReplicas)}/${num(st.desiredReplicas)}`,
    detail: [bounds, ...targets, ...(inactive ? [`not scaling: ${String(inactive.reason)} (metrics-server installed?)`] : [])].join(' · '),
    healthy: !inactive,
  };
}

/** How many workers the cluster wants: the HPA's desired count when it has one, else the worker Deployment's replicas. */
export function desiredWorkers(deployments: readonly KubeObject[], hpas: readonly KubeObject[]): number | undefined {
  const hpa = hpas.find((h) => h.metadata?.name === HPA && obj(obj(h.spec).scaleTargetRef).name === WORKER);
  const desired = hpa ? num(obj(hpa.status).desiredReplicas) : 0;
  if (desired > 0) return desired;
  const worker = deployments.find((d) => d.metadata?.name === WORKER);
  return worker ? rollout(worker).desired : undefined;
}

/**
 * Everything but the worker list: deployments, the HPA, the master pod, reasons pods are pending
 * (with what the node autoscaler said about them: `autoscaler`, by pod name).
 */
export function infraRows(deployments: readonly KubeObject[], hpas: readonly KubeObject[], pods: readonly KubeObject[], autoscaler: ReadonlyMap<string, string> = new Map()): InfraResource[] {
  const rows: InfraResource[] = [];
  for (const name of [MASTER, WORKER]) {
    const d = deployments.find((x) => x.metadata?.name === name);
    rows.push(d ? deploymentRow(d) : { kind: 'Deployment', name, status: 'missing', detail: 'not deployed', healthy: false });
  }
  for (const d of deployments) if (d.metadata?.name !== MASTER && d.metadata?.name !== WORKER) rows.push(deploymentRow(d));
  for (const h of hpas) rows.push(hpaRow(h));
  const masters = pods.filter((p) => component(p) === 'master').sort(byAge);
  for (const p of masters) {
    const node = obj(p.spec).nodeName;
    rows.push({
      kind: 'Pod',
      name: p.metadata?.name ?? '?',
      status: podPhase(p),
      detail: `master · node ${typeof node === 'string' ? node : '<none>'} · restarts ${podRestarts(p)} · age ${age(p.metadata?.creationTimestamp)}`,
      healthy: podReady(p),
    });
  }
  const pending = pods.filter((p) => pendingReason(p) !== undefined && !p.metadata?.deletionTimestamp).sort(byAge);
  const reasons = new Map<string, string[]>();
  for (const p of pending) {
    const r = pendingReason(p)!;
    reasons.set(r, [...(reasons.get(r) ?? []), p.metadata?.name ?? '?']);
  }
  for (const [reason, names] of reasons) {
    const note = names.map((n) => autoscaler.get(n)).find(Boolean);
    rows.push({ kind: 'Pending', name: names.length === 1 ? names[0]! : `${names.length} pods`, status: 'Pending', detail: note ? `${reason} · ${note}` : reason, healthy: false });
  }
  return rows;
}

/** One Kubernetes Event as a log line: "Warning FailedScheduling pod/x: 0/3 nodes are available…" */
export function eventLine(e: KubeObject): string {
  const involved = obj(e.involvedObject ?? e.regarding);
  const type = String(e.type ?? 'Normal');
  const count = num(e.count);
  return `${type === 'Warning' ? 'Warning ' : ''}${String(e.reason ?? '')} ${String(involved.kind ?? '').toLowerCase()}/${String(involved.name ?? '')}: ${String(e.message ?? e.note ?? '')}${count > 1 ? ` (x${count})` : ''}`;
}

export function eventTime(e: KubeObject): number {
  const t = e.lastTimestamp ?? e.eventTime ?? obj(e.series).lastObservedTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp;
  const ms = typeof t === 'string' ? Date.parse(t) : NaN;
  return Number.isFinite(ms) ? ms : Date.now();
}

/** Events about ltop's objects (pods and deployments are named ltop-…). */
export function isLtopEvent(e: KubeObject): boolean {
  const name = String(obj(e.involvedObject ?? e.regarding).name ?? '');
  return name === 'ltop' || name.startsWith('ltop-');
}
