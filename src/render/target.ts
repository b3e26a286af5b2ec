// The Target panel's lines, purely: a line per Deployment (replicas, its HPA), the pods, the
// events newest first, the server-side rate against Locust's, and the scale marks laid under
// the timeline charts. The panel (src/cockpit/TargetPanel.tsx) only lays these out.
import { rateGap } from '../prometheus/gap.js';
import { windowText } from '../prometheus/window.js';
import type { ServerSideSample } from '../prometheus/source.js';
import type { DeploymentView, PodView, TargetEvent, TargetView } from '../target/view.js';
import { truncate } from './format.js';

export interface TargetLine {
  readonly text: string;
  readonly warn?: boolean;
  /** shown whole, over as many rows as it needs (an error message), not cut at the width */
  readonly wrap?: boolean;
}

/** A line's rows at `width`: one, or the whole of a wrapping line in width-sized pieces. */
export function lineRows(line: TargetLine, width: number): TargetLine[] {
  if (!line.wrap || line.text.length <= width || width < 10) return [line];
  const pieces = [line.text.slice(0, width)];
  for (let at = width; at < line.text.length; at += width - 2) pieces.push(`  ${line.text.slice(at, at + width - 2)}`);
  return pieces.map((text) => ({ text, ...(line.warn ? { warn: true } : {}) }));
}

/** kubectl's AGE: 45s, 3m12s, 2h05m */
const age = (seconds: number): string => (seconds < 60 ? `${seconds}s` : seconds < 3600 ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s` : `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`);

/** "web 4/6 ready · 4 updated" and, when an HPA scales it, "HPA 2..6 current 4 → desired 6 · cpu 85%/50% · scaled 12:01:02" */
export function deploymentLines(d: DeploymentView): TargetLine[] {
  if (!d.found) return [{ text: `${d.name}: not found`, warn: true }];
  const replicas: TargetLine = { text: `${d.name} ${d.ready}/${d.desired} ready · ${d.updated} updated · ${d.available} available`, warn: d.ready < d.desired };
  const hpa = d.hpa;
  if (!hpa) return [replicas];
  const metrics = hpa.metrics.map((m) => `${m.name} ${m.current}/${m.target}`).join(' · ');
  const scaled = hpa.lastScaleTime ? ` · scaled ${hpa.lastScaleTime.slice(11, 19)}` : '';
  return [
    replicas,
    { text: `  HPA ${hpa.name} min ${hpa.min} max ${hpa.max} current ${hpa.current} → desired ${hpa.desired}${hpa.atMax ? ' AT MAX' : ''}${metrics ? ` · ${metrics}` : ''}${scaled}`, warn: hpa.atMax },
    ...hpa.warnings.map((text) => ({ text: `  ${text}`, warn: true })),
  ];
}

export function podLine(p: PodView): TargetLine {
  const reason = p.pendingReason ? ` · ${p.pendingReason}` : '';
  return { text: `${p.name}  ${p.phase}  ${p.ready ? 'ready' : 'not ready'}  ${p.node ?? '—'}  ${p.restarts} ${p.restarts === 1 ? 'restart' : 'restarts'}  ${age(p.ageS)}${reason}`, warn: p.pendingSinceMs !== undefined || !p.ready };
}

export function eventLine(e: TargetEvent): TargetLine {
  const time = new Date(e.at).toISOString().slice(11, 19);
  return { text: `${time} ${e.reason} ${e.object}: ${e.message}${e.count > 1 ? ` (×${e.count})` : ''}`, warn: e.type === 'Warning' };
}

/**
 * The application's own rate beside Locust's; flagged when they differ by more than 20 %, but
 * only once the load has held its level (`heldMs`) for the query's window: before, the server's
 * rate still averages in the ramp, and the two differ by construction ("warming up").
 */
export function serverRateLine(sample: ServerSideSample | null, locustRps: number, heldMs = Number.POSITIVE_INFINITY): TargetLine | null {
  if (!sample) return null;
  // whole, wrapped by the panel: Prometheus' message is the point
  if (sample.error) return { text: `Prometheus: ${sample.error}`, warn: true, wrap: true };
  if (sample.rate === undefined) return { text: 'Prometheus: no series yet (nothing scraped?)' };
  const gap = rateGap(locustRps, sample.rate);
  const warming = sample.windowMs !== undefined && heldMs < sample.windowMs;
  // the optional queries: --prometheus-latency-query (ms) and --prometheus-errors-query (/s)
  const more = [
    ...(warming ? [`warming up (${windowText(sample.windowMs!)} window, load held ${windowText(heldMs)})`] : []),
    ...(sample.latency !== undefined ? [`latency ${Math.round(sample.latency)} ms`] : []),
    ...(sample.errors !== undefined ? [`errors ${sample.errors.toFixed(2)}/s`] : []),
  ];
  const flagged = gap.flagged && !warming;
  return { text: [`${gap.text}${flagged ? ' ⚠ gap' : ''}`, ...more].join(' · '), warn: flagged };
}

/** The info lines above the chart: Deployments, problems, the server-side rate. */
export function summaryLines(view: TargetView, sample: ServerSideSample | null, locustRps: number, heldMs?: number): TargetLine[] {
  const server = serverRateLine(sample, locustRps, heldMs);
  const perDeployment = view.deployments.map(deploymentLines);
  // replicas and HPA first, then the gap and what could not be read, then the HPA's conditions
  return [
    ...perDeployment.flatMap((lines) => lines.slice(0, 2)),
    ...(view.deployments.length === 0 && view.problems.length === 0 ? [{ text: 'no Deployment matched yet' }] : []),
    ...(server ? [server] : []),
    ...(view.platform === 'kube' && view.nodes.length ? [nodesLine(view)] : []),
    ...view.problems.map((text) => ({ text, warn: true })),
    ...perDeployment.flatMap((lines) => lines.slice(2)),
  ];
}

/** "nodes 3 (2 ready) · joining node-new · leaving node-old" */
export function nodesLine(view: TargetView): TargetLine {
  const joining = view.nodes.filter((n) => n.joining).map((n) => n.name);
  const leaving = view.nodes.filter((n) => n.leaving).map((n) => n.name);
  const ready = view.nodes.filter((n) => n.ready).length;
  return { text: [`nodes ${view.nodes.length} (${ready} ready)`, ...(joining.length ? [`joining ${joining.join(', ')}`] : []), ...(leaving.length ? [`leaving ${leaving.join(', ')}`] : [])].join(' · ') };
}

/** Pending pods first (they are the news), then not ready, then restarted ones, then by name. */
export function podLines(view: TargetView): TargetLine[] {
  const pods = view.deployments.flatMap((d) => d.pods);
  const rank = (p: PodView): number => (p.pendingSinceMs !== undefined ? 0 : !p.ready ? 1 : p.restarts > 0 ? 2 : 3);
  return [...pods].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name)).map(podLine);
}

/** The scale marks (↑6, ↓2, +node) as one line, each under its point of the chart. */
export function marksLine(marks: ReadonlyArray<{ readonly index: number; readonly label: string }>, offset: number, width: number): string {
  const cells = Array.from({ length: width }, () => ' ');
  let free = 0;
  for (const mark of marks) {
    const at = Math.max(offset + mark.index, free);
    if (at + mark.label.length > width) break;
    [...mark.label].forEach((char, i) => (cells[at + i] = char));
    free = at + [...mark.label].length + 1;
  }
  return truncate(cells.join('').trimEnd(), width);
}
