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

/** `samples` sorted by time. */
export function scaleEvents(samples: readonly TimelineSample[]): ScaleEvent[] {
  const out: ScaleEvent[] = [];
  for (let index = 1; index < samples.length; index++) {
    const prev = samples[index - 1]!;
    const x = samples[index]!;
    const [was, now] = [desiredOf(prev), desiredOf(x)];
    if (now > was) out.push({ at: x.at, index, kind: 'scale-up', label: `↑${now}`, text: `desired ${was} → ${now}` });
    else if (now < was) out.push({ at: x.at, index, kind: 'scale-down', label: `↓${now}`, text: `desired ${was} → ${now}` });
    if (x.readyNodes > prev.readyNodes) out.push({ at: x.at, index, kind: 'node-ready', label: '+node', text: `ready nodes ${prev.readyNodes} → ${x.readyNodes}` });
    if (x.readyNodes < prev.readyNodes) out.push({ at: x.at, index, kind: 'node-gone', label: '-node', text: `ready nodes ${prev.readyNodes} → ${x.readyNodes}` });
  }
  return out;
}
