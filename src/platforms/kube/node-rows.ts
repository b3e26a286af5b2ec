// Pure: Kubernetes Nodes -> the infrastructure panel's node rows (ready, instance type, spot or
// on-demand, pods on it, age, zone), nodes still joining first, and what the autoscaler said
// about a Pending pod. Cloud labels are read where clouds set them; a label a cluster lacks
// (kind, minikube) is simply left out of the line.
import type { InfraResource } from '../platform.js';
import type { KubeObject } from './rest.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

/** a node not Ready this long after it was created is still joining (EKS nodes take ~1-3 min) */
export const NODE_JOINING_MS = 10 * 60_000;

const label = (n: KubeObject, ...keys: string[]): string | undefined => {
  for (const k of keys) if (n.metadata?.labels?.[k]) return n.metadata.labels[k];
  return undefined;
};

/** spot or on-demand from the labels EKS node groups, Karpenter, GKE and AKS set; undefined when none says */
export function nodeCapacity(n: KubeObject): 'spot' | 'on-demand' | undefined {
  const eks = label(n, 'eks.amazonaws.com/capacityType', 'karpenter.sh/capacity-type');
  if (eks) return eks.toLowerCase() === 'spot' ? 'spot' : 'on-demand';
  if (label(n, 'cloud.google.com/gke-spot', 'cloud.google.com/gke-preemptible') === 'true') return 'spot';
  if (label(n, 'kubernetes.azure.com/scalesetpriority') === 'spot') return 'spot';
  return undefined;
}

export type NodeState = 'Ready' | 'NotReady' | 'joining' | 'leaving' | 'cordoned';

export function nodeState(n: KubeObject, now: number): NodeState {
  if (n.metadata?.deletionTimestamp) return 'leaving';
  const ready = arr(obj(n.status).conditions).find((c) => c.type === 'Ready')?.status === 'True';
  if (!ready) {
    const created = Date.parse(String(n.metadata?.creationTimestamp ?? ''));
    return Number.isFinite(created) && now - created < NODE_JOINING_MS ? 'joining' : 'NotReady';
  }
  return obj(n.spec).unschedulable === true ? 'cordoned' : 'Ready';
}

/** "ip-10-0-1-23" for "ip-10-0-1-23.eu-central-1.compute.internal": the part that differs */
export const shortNodeName = (name: string): string => (/^ip-[\d-]+\./.test(name) ? name.slice(0, name.indexOf('.')) : name);

export function age(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 120 ? `${s}s` : s < 7200 ? `${Math.floor(s / 60)}m` : s < 172800 ? `${Math.floor(s / 3600)}h` : `${Math.floor(s / 86400)}d`;
}

const ORDER: Record<NodeState, number> = { NotReady: 0, joining: 1, leaving: 2, cordoned: 3, Ready: 4 };

/** One row per node; `pods` are the pods ltop watches (its namespace, the target's), counted per node. */
export function nodeRows(nodes: readonly KubeObject[], pods: readonly KubeObject[], now: number): InfraResource[] {
  const on = new Map<string, number>();
  for (const p of pods) {
    const node = obj(p.spec).nodeName;
    const phase = obj(p.status).phase;
    if (typeof node === 'string' && phase !== 'Succeeded' && phase !== 'Failed') on.set(node, (on.get(node) ?? 0) + 1);
  }
  return nodes
    .map((n) => ({ n, state: nodeState(n, now), name: n.metadata?.name ?? '?' }))
    .sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.name.localeCompare(b.name))
    .map(({ n, state, name }) => {
      const created = Date.parse(String(n.metadata?.creationTimestamp ?? ''));
      const count = on.get(name) ?? 0;
      const detail = [
        label(n, 'node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type'),
        nodeCapacity(n),
        `${count} pod${count === 1 ? '' : 's'}`,
        Number.isFinite(created) ? `up ${age(now - created)}` : undefined,
        label(n, 'topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'),
      ].filter(Boolean);
      return { kind: 'Node', name: shortNodeName(name), status: state, detail: detail.join(' · '), healthy: state !== 'NotReady' };
    });
}

/** The row that stands for the nodes when they cannot be read: the cause, never an empty panel. */
export function nodesFailedRow(message: string, code: number | undefined): InfraResource {
  const fix = code === 403 ? ' (a namespaced Role cannot list nodes: kubectl auth can-i list nodes)' : '';
  return { kind: 'Node', name: 'nodes', status: code === 403 ? 'forbidden' : 'unreadable', detail: `${message}${fix}`, healthy: false };
}

const AUTOSCALER_REASONS = new Set(['TriggeredScaleUp', 'NotTriggerScaleUp', 'Nominated']);

/**
 * What the node autoscaler last said about each Pending pod (the cluster autoscaler's
 * TriggeredScaleUp / NotTriggerScaleUp, Karpenter's Nominated), by pod name.
 */
export function autoscalerNotes(events: readonly KubeObject[]): Map<string, string> {
  const latest = new Map<string, { at: number; note: string }>();
  for (const e of events) {
    const reason = String(e.reason ?? '');
    const involved = obj(e.involvedObject ?? e.regarding);
    if (!AUTOSCALER_REASONS.has(reason) || involved.kind !== 'Pod') continue;
    const at = Date.parse(String(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '')) || 0;
    const name = String(involved.name ?? '');
    const note = reason === 'TriggeredScaleUp' ? `nodes being added: ${String(e.message ?? '')}` : `${reason}: ${String(e.message ?? e.note ?? '')}`;
    if ((latest.get(name)?.at ?? -1) <= at) latest.set(name, { at, note });
  }
  return new Map([...latest].map(([name, v]) => [name, v.note]));
}

/**
 * How far a managed node group got to the size it wants (EKS's desiredSize, which the cluster
 * autoscaler moves): "2 of 4 nodes Ready, 2 being added". Nodes are matched by the label EKS sets
 * (eks.amazonaws.com/nodegroup); undefined when the group has what it wants.
 */
export function nodeGroupProgress(group: { readonly name: string; readonly desired: number }, nodes: readonly KubeObject[], now: number): string | undefined {
  const mine = nodes.filter((n) => label(n, 'eks.amazonaws.com/nodegroup') === group.name && !n.metadata?.deletionTimestamp);
  const ready = mine.filter((n) => nodeState(n, now) === 'Ready' || nodeState(n, now) === 'cordoned').length;
  if (ready >= group.desired && mine.length <= group.desired) return undefined;
  const nodesWord = (n: number): string => `${n} node${n === 1 ? '' : 's'}`;
  if (mine.length > group.desired) return `${nodesWord(mine.length)}, ${mine.length - group.desired} above the ${group.desired} wanted (scaling in)`;
  return `${ready} of ${nodesWord(group.desired)} Ready, ${group.desired - ready} being added`;
}

/** The NodeGroup rows with their progress appended (the eks platform's panel: EKS's groups, Kubernetes' nodes). */
export function withNodeGroupProgress(rows: readonly InfraResource[], groups: ReadonlyArray<{ readonly name: string; readonly desired: number }>, nodes: readonly KubeObject[], now: number): InfraResource[] {
  return rows.map((r) => {
    const group = r.kind === 'NodeGroup' ? groups.find((g) => g.name === r.name) : undefined;
    const progress = group && nodeGroupProgress(group, nodes, now);
    return progress ? { ...r, detail: `${r.detail ?? ''} · ${progress}` } : r;
  });
}
