// A system under test in the test API server, driven step by step by the test: a Deployment
// with its HPA (autoscaling/v2, CPU plus the metric types the test sets), Node objects that
// join (NotReady, then Ready) and leave, and the events the cluster autoscaler or Karpenter
// would write. The controllers do the rest: the HPA's formula scales the Deployment, the
// scheduler leaves pods Pending while no node fits, the kubelet runs them once one does.

import type { JsonObject } from './patch.js';
import { RESOURCES } from './resources.js';
import type { KubeApiServer } from './server.js';

const def = (kind: string) => RESOURCES.find((d) => d.kind === kind)!;
const NS = def('Namespace');
const NODE = def('Node');
const DEPLOY = def('Deployment');
const HPA = def('HorizontalPodAutoscaler');
const POD = def('Pod');
const MANAGER = { manager: 'ltop-test-script' };

export interface TargetScriptOptions {
  readonly namespace: string;
  readonly name: string;
  readonly replicas: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly cpuTargetPercent: number;
  readonly nodes: readonly string[];
  /** false: the Deployment alone, no HPA (default true) */
  readonly hpa?: boolean;
}

export class TargetScript {
  constructor(
    private readonly server: KubeApiServer,
    readonly opts: TargetScriptOptions,
  ) {}

  /** Namespace, nodes (Ready), the Deployment and its HPA. */
  setup(): void {
    const { namespace, name } = this.opts;
    const store = this.server.store;
    if (!store.get(NS, '', namespace)) store.create(NS, { metadata: { name: namespace }, status: { phase: 'Active' } }, MANAGER);
    if (!store.get(NS, '', 'default')) store.create(NS, { metadata: { name: 'default' }, status: { phase: 'Active' } }, MANAGER);
    for (const n of this.opts.nodes) if (!store.get(NODE, '', n)) this.addNode(n, true);
    store.create(
      DEPLOY,
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace, labels: { app: name } },
        spec: {
          replicas: this.opts.replicas,
          selector: { matchLabels: { app: name } },
          template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'registry.example/shop/web:1.0', resources: { requests: { cpu: '500m' } } }] } },
        },
      },
      MANAGER,
    );
    if (this.opts.hpa !== false) store.create(
      HPA,
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name, namespace },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: this.opts.minReplicas,
          maxReplicas: this.opts.maxReplicas,
          metrics: [
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: this.opts.cpuTargetPercent } } },
            { type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '100' } } },
          ],
        },
      },
      MANAGER,
    );
    this.server.controllers.queue(namespace);
  }

  /** The metrics API now reports this CPU utilisation (and requests/s per pod): the HPA reacts. */
  load(cpuPercent: number, requestsPerPod: number): void {
    this.server.controllers.cpuUtilization = cpuPercent;
    this.server.controllers.extraCurrentMetrics = [{ type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, current: { averageValue: String(requestsPerPod) } } }];
    this.server.controllers.queue(this.opts.namespace);
  }

  /** No node has room: new pods stay Pending with the scheduler's message. */
  full(message: string): void {
    this.server.controllers.unschedulable = message;
  }

  addNode(name: string, ready: boolean): void {
    const ts = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    this.server.store.create(
      NODE,
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name, labels: { 'kubernetes.io/hostname': name, 'node.kubernetes.io/instance-type': 'm6i.large', 'karpenter.sh/capacity-type': 'spot' } },
        spec: {},
        status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', reason: ready ? 'KubeletReady' : 'KubeletNotReady', lastTransitionTime: ts }], nodeInfo: { kubeletVersion: 'v1.31.0' } },
      },
      MANAGER,
    );
  }

  /** The node's kubelet reports Ready: the scheduler may use it, Pending pods are retried. */
  nodeReady(name: string): void {
    const n = this.server.store.get(NODE, '', name);
    if (!n) throw new Error(`no node ${name}`);
    (n.status as JsonObject).conditions = [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }];
    this.server.store.writeStatus(NODE, n);
    this.server.controllers.unschedulable = undefined;
    this.server.controllers.rescheduleAll();
  }

  removeNode(name: string): void {
    this.server.store.remove(NODE, '', name);
  }

  /** An event another component writes, on a pod of the target (the cluster autoscaler's, Karpenter's). */
  podEvent(reason: string, message: string, component: string, type: 'Normal' | 'Warning' = 'Normal'): void {
    const pod = this.server.store.list(POD, this.opts.namespace).find((p) => String((p.metadata as JsonObject).name).startsWith(`${this.opts.name}-`) && (p.status as JsonObject | undefined)?.phase === 'Pending');
    if (!pod) throw new Error('no Pending pod of the target');
    this.server.controllers.event({ ...pod, apiVersion: 'v1', kind: 'Pod' }, type, reason, message, component);
  }
}
