// The scale events of a timeline, purely: where the desired replicas rose or fell and where a
// ready node came or went. One list for the cockpit's marks (↑6 under its point) and the HTML
// report's vertical lines, so both mark the same moments.

import type { TimelineSample } from './timeline.js';

export interface ScaleEvent {
  /** ms since the epoch: the first sample that shows the change */
  readonly at: number;
  /** its index among the samples sorted by time */
  readonly index: number;
  readonly kind: 'scale-up' | 'scale-down' | 'node-ready' | 'node-gone';
  /** "↑6", "↓2", "+node", "-node" */
  readonly label: string;
  /** "desired 2 → 6", "ready nodes 2 → 3" */
  readonly text: string;
}

export const desiredOf = (s: TimelineSample): number => s.targets.reduce((n, t) => n + t.desired, 0);
export const readyOf = (s: TimelineSample): number => s.targets.reduce((n, t) => n + t.ready, 0);

/**
 * `samples` sorted by time. A sample that knows no target (before the first view, or while the
 * target cannot be read) is "unknown", not zero: a change is measured from the last sample that
 * knew, so the initial state (or a read that failed) is never drawn as a scale-up or a new node.
 */
export function scaleEvents(samples: readonly TimelineSample[]): ScaleEvent[] {
  const out: ScaleEvent[] = [];
  let known: TimelineSample | undefined;
  let nodesKnown: TimelineSample | undefined;
  for (let index = 0; index < samples.length; index++) {
    const x = samples[index]!;
    if (x.targets.length > 0) {
      if (known) {
        const [was, now] = [desiredOf(known), desiredOf(x)];
        if (now > was) out.push({ at: x.at, index, kind: 'scale-up', label: `↑${now}`, text: `desired ${was} → ${now}` });
        else if (now < was) out.push({ at: x.at, index, kind: 'scale-down', label: `↓${now}`, text: `desired ${was} → ${now}` });
      }
      known = x;
    }
    // nodes: kube's; local's one "localhost" never comes or goes
    if (x.nodes > 0) {
      const prev = nodesKnown;
      if (prev && x.readyNodes > prev.readyNodes) out.push({ at: x.at, index, kind: 'node-ready', label: '+node', text: `ready nodes ${prev.readyNodes} → ${x.readyNodes}` });
      if (prev && x.readyNodes < prev.readyNodes) out.push({ at: x.at, index, kind: 'node-gone', label: '-node', text: `ready nodes ${prev.readyNodes} → ${x.readyNodes}` });
      nodesKnown = x;
    }
  }
  return out;
}
