// The scaling timeline in the HTML report, purely: RPS (Locust's and the app's own), p95, and
// desired/ready replicas, Pending pods and ready nodes on one time axis, scale events as lines
// across all three, the figures under it. Plain SVG and a table: no script, readable offline,
// and laid into Locust's own report.html so one file tells the whole run.

import { scaleEvents, desiredOf, readyOf } from '../target/scale-events.js';
import { serverRateText, spanText, type ScalingFigures, type TimelineSample } from '../target/timeline.js';

const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const clock = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

const WIDTH = 960;
const LEFT = 64;
const RIGHT = 16;
const PLOT = 120;
const TITLE = 32;
const PANEL = TITLE + PLOT;
const AXIS = 36;

interface Line {
  readonly label: string;
  readonly color: string;
  readonly values: ReadonlyArray<number | undefined>;
  /** replicas and nodes change in steps: draw them as steps */
  readonly step?: boolean;
  readonly dash?: string;
}

interface Panel {
  readonly title: string;
  readonly lines: readonly Line[];
}

/** 0, a round half and a round top: the y axis' ticks */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 2.5, 5, 10].find((m) => m * p >= max) ?? 10) * p;
}
const tick = (v: number): string => (v >= 1000 ? `${Math.round(v / 100) / 10}k` : String(Math.round(v * 10) / 10));

function panelSvg(panel: Panel, top: number, xs: readonly number[]): string {
  // headroom above the highest value, so a flat line at the top stays clear of the title
  const max = niceMax(1.15 * Math.max(0, ...panel.lines.flatMap((l) => l.values.filter((v): v is number => v !== undefined))));
  const y = (v: number): number => top + TITLE + PLOT - (v / max) * PLOT;
  const grid = [0, max / 2, max]
    .map((v) => `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(v)}" y2="${y(v)}" class="grid"/><text x="${LEFT - 6}" y="${y(v) + 4}" text-anchor="end">${tick(v)}</text>`)
    .join('');
  let legendX = LEFT + 8 + panel.title.length * 8;
  const legend = panel.lines
    .map((l) => {
      const item = `<text x="${legendX}" y="${top + 16}" fill="${l.color}">━ ${esc(l.label)}</text>`;
      legendX += 24 + l.label.length * 7;
      return item;
    })
    .join('');
  const paths = panel.lines
    .map((l) => {
      const points: string[] = [];
      l.values.forEach((v, i) => {
        if (v === undefined) return;
        const prev = points.length ? l.values[i - 1] : undefined;
        if (l.step && prev !== undefined) points.push(`${xs[i]!.toFixed(1)},${y(prev).toFixed(1)}`);
        points.push(`${xs[i]!.toFixed(1)},${y(v).toFixed(1)}`);
      });
      return points.length ? `<polyline class="series" data-series="${esc(l.label)}" fill="none" stroke="${l.color}" stroke-width="2"${l.dash ? ` stroke-dasharray="${l.dash}"` : ''} points="${points.join(' ')}"/>` : '';
    })
    .join('');
  return `<text x="${LEFT}" y="${top + 16}" class="title">${esc(panel.title)}</text>${legend}${grid}${paths}`;
}

/** The chart: three panels on one time axis, scale events and the load level across all of them. */
export function scalingSvg(samples: readonly TimelineSample[], figures: ScalingFigures): string {
  const s = [...samples].sort((a, b) => a.at - b.at);
  const t0 = s[0]?.at ?? 0;
  const span = Math.max(1, (s.at(-1)?.at ?? 0) - t0);
  const x = (at: number): number => LEFT + ((at - t0) / span) * (WIDTH - LEFT - RIGHT);
  const xs = s.map((p) => x(p.at));
  const names = [...new Set(s.flatMap((p) => p.targets.map((t) => t.name)))].join(', ');
  const server = s.some((p) => p.serverRps !== undefined);
  const panels: Panel[] = [
    {
      title: 'RPS',
      lines: [
        { label: 'Locust', color: '#2e7d32', values: s.map((p) => p.rps) },
        ...(server ? [{ label: 'server (Prometheus)', color: '#8e24aa', values: s.map((p) => p.serverRps) }] : []),
        ...(s.some((p) => p.serverErrors !== undefined) ? [{ label: 'server errors/s', color: '#c62828', values: s.map((p) => p.serverErrors) }] : []),
      ],
    },
    { title: 'p95 ms', lines: [{ label: 'Locust p95', color: '#ef6c00', values: s.map((p) => p.p95Ms) }, ...(s.some((p) => p.serverLatencyMs !== undefined) ? [{ label: 'server latency', color: '#8e24aa', values: s.map((p) => p.serverLatencyMs) }] : [])] },
    {
      title: names ? `Replicas (${names})` : 'Replicas',
      lines: [
        { label: 'desired', color: '#0277bd', values: s.map(desiredOf), step: true },
        { label: 'ready', color: '#2e7d32', values: s.map(readyOf), step: true },
        { label: 'Pending', color: '#c62828', values: s.map((p) => p.pending), step: true, dash: '2 3' },
        { label: 'ready nodes', color: '#6d4c41', values: s.map((p) => p.readyNodes), step: true, dash: '6 3' },
      ],
    },
  ];
  const height = panels.length * PANEL + AXIS;
  const bottom = panels.length * PANEL;
  // the HPA at its max: shaded where a sample says so, until the next sample
  const atMax = s
    .map((p, i) => (p.atMax && i + 1 < s.length ? `<rect class="atmax" x="${xs[i]!.toFixed(1)}" y="${2 * PANEL + TITLE}" width="${(xs[i + 1]! - xs[i]!).toFixed(1)}" height="${PLOT}"/>` : ''))
    .join('');
  const vertical = (at: number, label: string, cls: string, row: number): string =>
    `<line class="${cls}" x1="${x(at).toFixed(1)}" x2="${x(at).toFixed(1)}" y1="${TITLE - 4}" y2="${bottom}"/><text class="${cls}" x="${(x(at) + 3).toFixed(1)}" y="${TITLE + 10 + row * 12}">${esc(label)}</text>`;
  const events = scaleEvents(s).map((e, i) => vertical(e.at, e.label, e.kind.startsWith('node') ? 'node' : 'scale', i % 3));
  const level = figures.loadLevelAt ? [vertical(Date.parse(figures.loadLevelAt), `load ${figures.loadLevelUsers} users`, 'level', 3)] : [];
  const anchor = (i: number): string => (i === 0 ? 'start' : i === 5 ? 'end' : 'middle');
  const ticks = Array.from({ length: 6 }, (_, i) => t0 + (span * i) / 5)
    .map((at, i) => `<line class="grid" x1="${x(at).toFixed(1)}" x2="${x(at).toFixed(1)}" y1="${bottom}" y2="${bottom + 5}"/><text x="${x(at).toFixed(1)}" y="${bottom + 18}" text-anchor="${anchor(i)}">${spanText((at - t0) / 1000)}</text><text x="${x(at).toFixed(1)}" y="${bottom + 31}" text-anchor="${anchor(i)}" class="clock">${clock(at)}</text>`)
    .join('');
  const body = panels.map((p, i) => panelSvg(p, i * PANEL, xs)).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="scaling timeline">${atMax}${body}${level.join('')}${events.join('')}${ticks}</svg>`;
}

/** [what, value] rows of the figures table */
export function figureRows(f: ScalingFigures): Array<[string, string]> {
  const after = (v: number | undefined, none = 'never'): string => (v === undefined ? none : spanText(v));
  return [
    ['Load level', f.loadLevelAt ? `${f.loadLevelUsers} users at ${f.loadLevelAt.slice(11, 19)} UTC${f.laterLoadChanges?.length ? `; later asked for ${f.laterLoadChanges.map((c) => `${c.users} users at ${c.at.slice(11, 19)}`).join(', ')}` : ''}` : 'no load reached a level'],
    ['Load level to the first scale-up', after(f.toFirstScaleUpS, f.scaleEventsBeforeLevel ? `none after the load level (${f.scaleEventsBeforeLevel} scale ${f.scaleEventsBeforeLevel === 1 ? 'event' : 'events'} before it, in the table below)` : 'no scale-up')],
    ['Load level to all desired replicas ready', f.toFirstScaleUpS === undefined ? `no scale-up to wait for${f.allReadyThroughout ? ' (all ready throughout)' : ''}` : after(f.toAllReadyS, 'not within the run')],
    ['Load level to a new node ready', after(f.toNewNodeReadyS, 'no new node')],
    ['Time at max replicas', spanText(f.timeAtMaxS)],
    ['Longest Pending', spanText(f.longestPendingS)],
    ['Peak desired / ready replicas, nodes', `${f.maxDesired} / ${f.maxReady}, ${f.maxNodes}`],
    ...(f.serverRate ? [['Server-side rate at the load level', serverRateText(f.serverRate, ' — gap: the app counted a different load than Locust sent')] as [string, string]] : []),
  ];
}

const STYLE = `#ltop-scaling{font:14px/1.4 system-ui,sans-serif;max-width:980px;margin:24px 16px;padding:16px;color:#222;background:#fff;border:1px solid #ddd;border-radius:6px}
#ltop-scaling h2{margin:0 0 8px;font-size:20px}#ltop-scaling svg text{font:12px system-ui,sans-serif;fill:#444}
#ltop-scaling svg .title{font-weight:600;fill:#222}#ltop-scaling .grid{stroke:#e0e0e0}#ltop-scaling .atmax{fill:#fdecea}
#ltop-scaling line.scale{stroke:#0277bd;stroke-dasharray:4 3}#ltop-scaling text.scale{fill:#0277bd}
#ltop-scaling line.node{stroke:#6d4c41;stroke-dasharray:4 3}#ltop-scaling text.node{fill:#6d4c41}
#ltop-scaling line.level{stroke:#999}#ltop-scaling text.level{fill:#666}#ltop-scaling .clock{fill:#888}
#ltop-scaling table{border-collapse:collapse;margin-top:12px}#ltop-scaling td,#ltop-scaling th{border-bottom:1px solid #eee;padding:3px 12px 3px 0;text-align:left}
#ltop-scaling .warn{color:#c62828;font-weight:600}`;

/** The report's section: the chart, the figures, the scale events with their times. */
export function scalingSection(samples: readonly TimelineSample[], figures: ScalingFigures): string {
  const s = [...samples].sort((a, b) => a.at - b.at);
  const t0 = s[0]?.at ?? 0;
  const figures_ = figureRows(figures)
    .map(([what, value]) => `<tr><th>${esc(what)}</th><td${what.startsWith('Server') && figures.serverRate?.flagged ? ' class="warn"' : ''}>${esc(value)}</td></tr>`)
    .join('');
  // a replica restarted (local: a demo process died and was replaced) is an event too
  const restarts = s.flatMap((x, i) => ((x.restarts ?? 0) > (s[i - 1]?.restarts ?? 0) && i > 0 ? [{ at: x.at, text: `replica restarts ${s[i - 1]!.restarts ?? 0} → ${x.restarts}` }] : []));
  const events = [...scaleEvents(s), ...restarts]
    .sort((a, b) => a.at - b.at)
    .map((e) => `<tr><td>${clock(e.at)}</td><td>+${esc(spanText((e.at - t0) / 1000))}</td><td>${esc(e.text)}</td></tr>`)
    .join('');
  return [
    `<section id="ltop-scaling"><style>${STYLE}</style>`,
    `<h2>Scaling timeline</h2><p>The swarm and the system under test on one time axis (ltop, a sample every few seconds; the numbers are in scaling.csv and summary.json's <code>scaling</code>). Shaded: an HPA at its max replicas.</p>`,
    scalingSvg(s, figures),
    `<table class="figures"><tbody>${figures_}</tbody></table>`,
    events ? `<h3>Scale events</h3><table class="events"><thead><tr><th>time (UTC)</th><th>since start</th><th>what</th></tr></thead><tbody>${events}</tbody></table>` : '<p>No scale event: desired replicas and ready nodes did not change.</p>',
    '</section>',
  ].join('\n');
}

/** Locust's report with ltop's section laid in before its </body>: under Locust's own page, which stays as it was. */
export function withScalingSection(reportHtml: string, section: string): string {
  const at = reportHtml.lastIndexOf('</body>');
  return at < 0 ? `${reportHtml}\n${section}\n` : `${reportHtml.slice(0, at)}${section}\n${reportHtml.slice(at)}`;
}
