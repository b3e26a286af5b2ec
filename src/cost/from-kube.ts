// Nodes as the meter takes them, from Kubernetes Node objects (pure): the instance type and
// capacity come from the labels EKS managed node groups and Karpenter set, the age from the
// Node's creationTimestamp (the instance starts billing a little earlier: a lower bound).

import type { Capacity, RunningResources } from './meter.js';

export interface NodeLike {
  readonly metadata?: { readonly name?: string; readonly creationTimestamp?: string; readonly labels?: Readonly<Record<string, string>> };
}

export function capacityOf(labels: Readonly<Record<string, string>>): Capacity {
  const v = (labels['eks.amazonaws.com/capacityType'] ?? labels['karpenter.sh/capacity-type'] ?? '').toLowerCase();
  return v === 'spot' ? 'spot' : 'on-demand';
}

/** Nodes that say their instance type (every EKS node does); others are left out. */
export function nodesForMeter(nodes: readonly NodeLike[]): NonNullable<RunningResources['nodes']> {
  const out: Array<NonNullable<RunningResources['nodes']>[number]> = [];
  for (const n of nodes) {
    const labels = n.metadata?.labels ?? {};
    const instanceType = labels['node.kubernetes.io/instance-type'] ?? labels['beta.kubernetes.io/instance-type'];
    const createdAt = Date.parse(n.metadata?.creationTimestamp ?? '');
    if (!instanceType || Number.isNaN(createdAt)) continue;
    out.push({ name: n.metadata?.name ?? '', instanceType, capacity: capacityOf(labels), createdAt });
  }
  return out;
}
