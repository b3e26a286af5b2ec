// The header's one-line answer about the system under test, and the counts the timeline
// samples: replicas ready/desired, Pending pods, an HPA at its max.

import type { TargetView } from './view.js';

export interface TargetCounts {
  readonly desired: number;
  readonly ready: number;
  readonly pending: number;
  readonly nodes: number;
  readonly readyNodes: number;
  /** per Deployment, for scaling.csv */
  readonly perTarget: ReadonlyArray<{ readonly name: string; readonly desired: number; readonly ready: number }>;
  readonly atMax: readonly string[];
}

export function targetCounts(v: TargetView): TargetCounts {
  const perTarget = v.deployments.map((d) => ({ name: d.name, desired: Math.max(d.desired, d.hpa?.desired ?? 0), ready: d.ready }));
  return {
    desired: perTarget.reduce((n, d) => n + d.desired, 0),
    ready: perTarget.reduce((n, d) => n + d.ready, 0),
    pending: v.deployments.reduce((n, d) => n + d.pods.filter((p) => p.pendingSinceMs !== undefined).length, 0),
    nodes: v.nodes.length,
    readyNodes: v.nodes.filter((n) => n.ready).length,
    perTarget,
    atMax: v.deployments.filter((d) => d.hpa?.atMax).map((d) => d.name),
  };
}

export interface TargetHeader {
  /** "target web 4/6 ready" (several: "target web 4/6, api 2/2 ready") */
  readonly text: string;
  /** "2 Pending: 0/3 nodes are available: 3 Insufficient cpu · HPA web at max 10", when any */
  readonly warning?: string;
}

export function targetHeader(v: TargetView): TargetHeader {
  const c = targetCounts(v);
  const parts = c.perTarget.map((d) => `${d.name} ${d.ready}/${d.desired}`);
  const text = parts.length ? `target ${parts.join(', ')} ready` : `target: ${v.problems[0] ?? 'none'}`;
  const warnings: string[] = [];
  if (c.pending > 0) {
    const reason = v.deployments.flatMap((d) => d.pods).find((p) => p.pendingSinceMs !== undefined && p.pendingReason)?.pendingReason;
    warnings.push(`${c.pending} Pending${reason ? `: ${reason}` : ''}`);
  }
  for (const d of v.deployments) if (d.hpa?.atMax) warnings.push(`HPA ${d.hpa.name} at max ${d.hpa.max}`);
  if (parts.length && v.problems.length) warnings.push(v.problems[0]!);
  return { text, ...(warnings.length ? { warning: warnings.join(' · ') } : {}) };
}
