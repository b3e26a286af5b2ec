// The Kubernetes objects of the system under test -> TargetView, purely. The Deployments are
// those named (--target-deployment) or those the watch's --target-selector returned; each one's
// HPA is found through its scaleTargetRef, its pods through its selector. A read that failed
// becomes a problem line ("missing RBAC: ..."), never an empty view.

import type { KubeObject } from '../platforms/kube/rest.js';
import { eventTime, pendingReason, podPhase, podReady, podRestarts, rollout } from '../platforms/kube/rows.js';
import { hpaView } from './hpa.js';
import { matchesSelector } from './select.js';
import { MAX_EVENTS, NODE_NEW_S, type DeploymentView, type NodeView, type PodView, type TargetEvent, type TargetView } from './view.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

export interface TargetSelection {
  readonly namespace: string;
  /** --target-deployment (repeatable); empty: every Deployment the watch returned (--target-selector) */
  readonly deployments: readonly string[];
  readonly selector?: string;
}

/** A list or watch that failed, as the source saw it. */
export interface ReadFailure {
  /** plural resource: deployments, horizontalpodautoscalers, pods, nodes, events */
  readonly resource: string;
  /** undefined for cluster-scoped reads */
  readonly namespace?: string;
  readonly code?: number;
  readonly message: string;
}

export interface TargetObjects {
  readonly deployments: readonly KubeObject[];
  readonly hpas: readonly KubeObject[];
  readonly pods: readonly KubeObject[];
  readonly nodes: readonly KubeObject[];
  readonly events: readonly KubeObject[];
  readonly failures: readonly ReadFailure[];
}

const ms = (t: unknown): number | undefined => {
  const n = typeof t === 'string' ? Date.parse(t) : NaN;
  return Number.isFinite(n) ? n : undefined;
};
const ageS = (o: KubeObject, now: number): number => Math.max(0, Math.floor((now - (ms(o.metadata?.creationTimestamp) ?? now)) / 1000));

export function problemLine(f: ReadFailure): string {
  const where = f.namespace ? `in ${f.namespace}` : '(cluster scope)';
  if (f.code === 403) return `missing RBAC: cannot list ${f.resource} ${where}`;
  if (f.code === 401) return `not authenticated: cannot list ${f.resource} ${where} (refresh the kubeconfig's credentials)`;
  return `cannot read ${f.resource} ${where}: ${f.message}`;
}

function podView(p: KubeObject, now: number): PodView {
  const reason = pendingReason(p);
  const phase = podPhase(p);
  const pending = String(obj(p.status).phase ?? 'Pending') === 'Pending' && !p.metadata?.deletionTimestamp;
  const node = obj(p.spec).nodeName;
  return {
    name: p.metadata?.name ?? '?',
    phase,
    ready: podReady(p),
    ...(typeof node === 'string' ? { node } : {}),
    restarts: podRestarts(p),
    ageS: ageS(p, now),
    ...(reason !== undefined ? { pendingReason: reason } : {}),
    ...(pending ? { pendingSinceMs: ms(p.metadata?.creationTimestamp) ?? now } : {}),
  };
}

const byName = <T extends { name: string }>(a: T, b: T): number => a.name.localeCompare(b.name);

function deploymentView(d: KubeObject | undefined, name: string, objs: TargetObjects, now: number): DeploymentView {
  if (!d) return { name, found: false, desired: 0, ready: 0, updated: 0, available: 0, pods: [] };
  const r = rollout(d);
  const hpa = objs.hpas.find((h) => {
    const ref = obj(obj(h.spec).scaleTargetRef);
    return ref.kind === 'Deployment' && ref.name === name;
  });
  const selector = obj(d.spec).selector;
  const pods = objs.pods.filter((p) => matchesSelector(selector, p.metadata?.labels)).map((p) => podView(p, now));
  // pods waiting longest first, then by name
  pods.sort((a, b) => Number(b.pendingSinceMs !== undefined) - Number(a.pendingSinceMs !== undefined) || byName(a, b));
  return {
    name,
    found: true,
    desired: r.desired,
    ready: r.ready,
    updated: r.updated,
    available: Number(obj(d.status).availableReplicas ?? 0),
    ...(hpa ? { hpa: hpaView(hpa) } : {}),
    pods,
  };
}

const TAINTS_LEAVING = ['ToBeDeletedByClusterAutoscaler', 'karpenter.sh/disrupted', 'karpenter.sh/disruption'];

function nodeView(n: KubeObject, now: number, podsOn: number): NodeView {
  const labels = n.metadata?.labels ?? {};
  const ready = arr(obj(n.status).conditions).some((c) => c.type === 'Ready' && c.status === 'True');
  const taints = arr(obj(n.spec).taints);
  const leaving = !!n.metadata?.deletionTimestamp || obj(n.spec).unschedulable === true || taints.some((t) => TAINTS_LEAVING.includes(String(t.key)));
  const kind = [labels['node.kubernetes.io/instance-type'], labels['karpenter.sh/capacity-type'] ?? labels['eks.amazonaws.com/capacityType']?.toLowerCase()].filter(Boolean).join(' ');
  const age = ageS(n, now);
  return { name: n.metadata?.name ?? '?', ready, ageS: age, joining: age < NODE_NEW_S && !leaving, leaving, ...(kind ? { kind } : {}), targetPods: podsOn };
}

/** Event kinds that concern the target beyond its own objects: nodes, and Karpenter's claims. */
const NODE_KINDS = new Set(['Node', 'NodeClaim', 'NodePool']);

function targetEvents(objs: TargetObjects, deployments: readonly DeploymentView[]): TargetEvent[] {
  const names = new Set(deployments.map((d) => d.name));
  const hpas = new Set(deployments.flatMap((d) => (d.hpa ? [d.hpa.name] : [])));
  const pods = new Set(deployments.flatMap((d) => d.pods.map((p) => p.name)));
  const prefixes = [...names].map((n) => `${n}-`);
  const concerns = (kind: string, name: string): boolean =>
    (kind === 'Deployment' && names.has(name)) ||
    (kind === 'ReplicaSet' && prefixes.some((p) => name.startsWith(p))) ||
    (kind === 'HorizontalPodAutoscaler' && hpas.has(name)) ||
    // pods already gone keep their events: their names start with the Deployment's
    (kind === 'Pod' && (pods.has(name) || prefixes.some((p) => name.startsWith(p)))) ||
    NODE_KINDS.has(kind);
  const out: Array<TargetEvent & { seq: number }> = [];
  for (const [seq, e] of objs.events.entries()) {
    const inv = obj(e.involvedObject ?? e.regarding);
    const kind = String(inv.kind ?? '');
    const name = String(inv.name ?? '');
    if (!concerns(kind, name)) continue;
    const source = obj(e.source);
    out.push({
      at: eventTime(e),
      type: e.type === 'Warning' ? 'Warning' : 'Normal',
      reason: String(e.reason ?? ''),
      object: `${kind}/${name}`,
      message: String(e.message ?? e.note ?? ''),
      count: Number(e.count ?? obj(e.series).count ?? 1) || 1,
      source: String(source.component ?? e.reportingComponent ?? e.reportingController ?? ''),
      seq,
    });
  }
  // timestamps have whole seconds: within one, the later arrival (the watch's order) is newer
  return out
    .sort((a, b) => b.at - a.at || b.seq - a.seq)
    .slice(0, MAX_EVENTS)
    .map(({ seq: _seq, ...e }) => e);
}

export function buildTargetView(sel: TargetSelection, objs: TargetObjects, now: number): TargetView {
  const problems = objs.failures.map(problemLine);
  const candidates = [...objs.deployments].sort((a, b) => String(a.metadata?.name).localeCompare(String(b.metadata?.name)));
  const wanted = sel.deployments.length > 0 ? sel.deployments : candidates.map((d) => d.metadata?.name ?? '?');
  const deploymentsReadable = !objs.failures.some((f) => f.resource === 'deployments');
  const deployments = wanted.map((name) => deploymentView(candidates.find((d) => d.metadata?.name === name), name, objs, now));
  if (deploymentsReadable) {
    for (const d of deployments) if (!d.found) problems.push(`deployment ${d.name} not found in ${sel.namespace}`);
    if (wanted.length === 0) problems.push(`no deployment in ${sel.namespace}${sel.selector ? ` matches ${sel.selector}` : ''}`);
  }
  const podsOn = new Map<string, number>();
  for (const d of deployments) for (const p of d.pods) if (p.node) podsOn.set(p.node, (podsOn.get(p.node) ?? 0) + 1);
  const nodes = objs.nodes.map((n) => nodeView(n, now, podsOn.get(n.metadata?.name ?? '') ?? 0)).sort((a, b) => a.ageS - b.ageS || byName(a, b));
  return { platform: 'kube', namespace: sel.namespace, deployments, nodes, events: targetEvents(objs, deployments), problems, at: now };
}
