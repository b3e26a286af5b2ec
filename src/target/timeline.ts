// The scaling timeline, purely: samples of the swarm and the system under test on one time
// axis -> scaling.csv, the chart's series and scale marks, and the figures Kubernetes' own
// autoscaling tests measure: from the load reaching its level to the HPA's first scale-up, to
// all desired replicas ready, to a new node ready; the time at max replicas; the longest Pending.

import { rateGap } from '../prometheus/gap.js';
import type { ServerSideSample } from '../prometheus/source.js';
import { targetCounts } from './header.js';
import { desiredOf, readyOf, scaleEvents } from './scale-events.js';
import type { TargetView } from './view.js';

export interface TimelineSample {
  /** ms since the epoch */
  readonly at: number;
  readonly users: number;
  readonly rps: number;
  readonly p95Ms?: number;
  readonly targets: ReadonlyArray<{ readonly name: string; readonly desired: number; readonly ready: number }>;
  readonly pending: number;
  readonly nodes: number;
  readonly readyNodes: number;
  /** any target's HPA at its max replicas */
  readonly atMax: boolean;
  /** the oldest Pending pod's age at this time, seconds (0: none) */
  readonly oldestPendingS: number;
  /** the application's own rate (Prometheus), when configured and answering */
  readonly serverRps?: number;
  /** its own latency (--prometheus-latency-query, ms) and error rate (--prometheus-errors-query, per second) */
  readonly serverLatencyMs?: number;
  readonly serverErrors?: number;
}

export interface SwarmPoint {
  readonly users: number;
  readonly rps: number;
  readonly p95Ms?: number;
}

/** One sample from what the sources last said (the session calls it on its timeline tick). */
export function timelineSample(at: number, swarm: SwarmPoint, view: TargetView | undefined, server?: ServerSideSample): TimelineSample {
  const c = view ? targetCounts(view) : undefined;
  const pendingSince = view ? view.deployments.flatMap((d) => d.pods.flatMap((p) => (p.pendingSinceMs !== undefined ? [p.pendingSinceMs] : []))) : [];
  return {
    at,
    users: swarm.users,
    rps: swarm.rps,
    ...(swarm.p95Ms !== undefined ? { p95Ms: swarm.p95Ms } : {}),
    targets: c?.perTarget ?? [],
    pending: c?.pending ?? 0,
    nodes: c?.nodes ?? 0,
    readyNodes: c?.readyNodes ?? 0,
    atMax: (c?.atMax.length ?? 0) > 0,
    oldestPendingS: pendingSince.length ? Math.max(0, Math.round((at - Math.min(...pendingSince)) / 1000)) : 0,
    ...(server?.rate !== undefined ? { serverRps: server.rate } : {}),
    ...(server?.latency !== undefined ? { serverLatencyMs: server.latency } : {}),
    ...(server?.errors !== undefined ? { serverErrors: server.errors } : {}),
  };
}

const allReady = (s: TimelineSample): boolean => s.targets.length > 0 && s.targets.every((t) => t.ready >= t.desired);

export interface ScalingFigures {
  /** when the users first reached their highest level (ISO), undefined without load */
  readonly loadLevelAt?: string;
  readonly loadLevelUsers?: number;
  /** seconds from the load level to the first rise in desired replicas */
  readonly toFirstScaleUpS?: number;
  /** seconds from the load level to all desired replicas ready, after that scale-up */
  readonly toAllReadyS?: number;
  /** seconds from the load level to a node that was not there (ready) before */
  readonly toNewNodeReadyS?: number;
  readonly timeAtMaxS: number;
  readonly longestPendingS: number;
  readonly maxDesired: number;
  readonly maxReady: number;
  readonly maxNodes: number;
  /** the application's own rate against Locust's, averaged over the samples at the load level where both have a rate */
  readonly serverRate?: { readonly locustRps: number; readonly serverRps: number; readonly gapPct: number; readonly flagged: boolean };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

export function scalingFigures(samples: readonly TimelineSample[], level?: number): ScalingFigures {
  const s = [...samples].sort((a, b) => a.at - b.at);
  const top = level ?? Math.max(0, ...s.map((x) => x.users));
  const start = top > 0 ? s.findIndex((x) => x.users >= top) : -1;
  let timeAtMaxS = 0;
  for (let i = 1; i < s.length; i++) if (s[i - 1]!.atMax) timeAtMaxS += (s[i]!.at - s[i - 1]!.at) / 1000;
  const base = {
    timeAtMaxS: round1(timeAtMaxS),
    longestPendingS: Math.max(0, ...s.map((x) => x.oldestPendingS)),
    maxDesired: Math.max(0, ...s.map(desiredOf)),
    maxReady: Math.max(0, ...s.map(readyOf)),
    maxNodes: Math.max(0, ...s.map((x) => x.nodes)),
  };
  if (start < 0) return base;
  const t0 = s[start]!;
  const since = (x: TimelineSample): number => round1((x.at - t0.at) / 1000);
  const after = s.slice(start);
  const scaleUp = after.findIndex((x) => desiredOf(x) > desiredOf(t0));
  const ready = scaleUp < 0 ? undefined : after.slice(scaleUp).find(allReady);
  const newNode = after.find((x) => x.readyNodes > t0.readyNodes);
  // where both said something: Locust's rolling rate reads 0 for a moment when its workers' reports are late
  const served = after.filter((x) => x.serverRps !== undefined && x.users >= top && x.rps > 0);
  const mean = (f: (x: TimelineSample) => number): number => served.reduce((n, x) => n + f(x), 0) / served.length;
  const gap = served.length ? rateGap(mean((x) => x.rps), mean((x) => x.serverRps!)) : undefined;
  return {
    loadLevelAt: new Date(t0.at).toISOString(),
    loadLevelUsers: top,
    ...(scaleUp >= 0 ? { toFirstScaleUpS: since(after[scaleUp]!) } : {}),
    ...(ready ? { toAllReadyS: since(ready) } : {}),
    ...(newNode ? { toNewNodeReadyS: since(newNode) } : {}),
    ...base,
    ...(gap ? { serverRate: { locustRps: round1(gap.locustRps), serverRps: round1(gap.serverRps), gapPct: Math.round(gap.relative * 100) || 0, flagged: gap.flagged } } : {}),
  };
}

/** CSV field: quoted when it holds a comma, a quote or a line break. */
const field = (v: string | number | undefined): string => {
  const t = v === undefined ? '' : String(v);
  return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};
const num = (v: number | undefined, digits = 1): string | undefined => (v === undefined ? undefined : String(Math.round(v * 10 ** digits) / 10 ** digits));

/**
 * scaling.csv: time, elapsed_s, users, rps, p95_ms, then <target>_desired and <target>_ready
 * for every target seen, pending_pods, nodes, ready_nodes, at_max, and server_rps,
 * server_latency_ms, server_errors, each when any sample has one.
 */
export function scalingCsv(samples: readonly TimelineSample[]): string {
  const s = [...samples].sort((a, b) => a.at - b.at);
  const names: string[] = [];
  for (const x of s) for (const t of x.targets) if (!names.includes(t.name)) names.push(t.name);
  // the server-side columns that any sample has, in this order
  const serverColumns = (
    [
      ['server_rps', (x: TimelineSample) => num(x.serverRps)],
      ['server_latency_ms', (x: TimelineSample) => num(x.serverLatencyMs)],
      ['server_errors', (x: TimelineSample) => num(x.serverErrors, 2)],
    ] as const
  ).filter(([, value]) => s.some((x) => value(x) !== undefined));
  const header = ['time', 'elapsed_s', 'users', 'rps', 'p95_ms', ...names.flatMap((n) => [`${n}_desired`, `${n}_ready`]), 'pending_pods', 'nodes', 'ready_nodes', 'at_max', ...serverColumns.map(([name]) => name)];
  const t0 = s[0]?.at ?? 0;
  const rows = s.map((x) => {
    const per = names.flatMap((n) => {
      const t = x.targets.find((y) => y.name === n);
      return [t?.desired, t?.ready];
    });
    return [new Date(x.at).toISOString(), num((x.at - t0) / 1000), x.users, num(x.rps), num(x.p95Ms, 0), ...per, x.pending, x.nodes, x.readyNodes, x.atMax ? 1 : 0, ...serverColumns.map(([, value]) => value(x))];
  });
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\n') + '\n';
}

export interface TimelineSeries {
  readonly rps: number[];
  readonly p95: number[];
  readonly desired: number[];
  readonly ready: number[];
  readonly nodes: number[];
  readonly serverRps?: number[];
  /** scale events at a point: "↑6" (desired rose to 6), "↓2", "+node", "-node" */
  readonly marks: ReadonlyArray<{ readonly index: number; readonly label: string }>;
  /** the time of the first and the last point (ms since the epoch), when there are samples */
  readonly startAt?: number;
  readonly endAt?: number;
}

/**
 * The chart's series on one time axis, `width` points wide (the last sample of each bucket;
 * scale marks keep their bucket). Fits any width: 80 columns or 200.
 */
export function timelineSeries(samples: readonly TimelineSample[], width: number): TimelineSeries {
  const s = [...samples].sort((a, b) => a.at - b.at);
  const w = Math.max(1, Math.floor(width));
  const n = Math.min(s.length, w);
  // sample j falls in bucket floor(j * n / length): n buckets, in order, none empty
  const bucketOf = (j: number): number => Math.floor((j * n) / s.length);
  const last: TimelineSample[] = [];
  s.forEach((x, j) => (last[bucketOf(j)] = x));
  const server = s.some((x) => x.serverRps !== undefined);
  return {
    rps: last.map((x) => x.rps),
    p95: last.map((x) => x.p95Ms ?? 0),
    desired: last.map(desiredOf),
    ready: last.map(readyOf),
    nodes: last.map((x) => x.readyNodes),
    ...(server ? { serverRps: last.map((x) => x.serverRps ?? 0) } : {}),
    marks: scaleEvents(s).map((e) => ({ index: bucketOf(e.index), label: e.label })),
    ...(s.length ? { startAt: s[0]!.at, endAt: s.at(-1)!.at } : {}),
  };
}

/** 35 s, 3m10s; "never" when it did not happen */
export function spanText(seconds: number | undefined): string {
  if (seconds === undefined) return 'never';
  const whole = Math.round(seconds);
  return whole >= 60 ? `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s` : `${whole} s`;
}

/** "load at 200 users 09:10:04: HPA scaled up after 35 s, all ready after 3m10s, a new node after 2m50s; 40 s at max; longest Pending 3m" */
export function scalingSummaryLine(f: ScalingFigures): string {
  if (!f.loadLevelAt) return 'no load reached a level';
  const d = spanText;
  return [
    `load at ${f.loadLevelUsers} users ${f.loadLevelAt.slice(11, 19)}`,
    `first scale-up ${f.toFirstScaleUpS === undefined ? 'never' : `after ${d(f.toFirstScaleUpS)}`}`,
    `all ready ${f.toAllReadyS === undefined ? 'never' : `after ${d(f.toAllReadyS)}`}`,
    `new node ${f.toNewNodeReadyS === undefined ? 'none' : `after ${d(f.toNewNodeReadyS)}`}`,
    `${d(f.timeAtMaxS)} at max`,
    `longest Pending ${d(f.longestPendingS)}`,
    ...(f.serverRate ? [rateGap(f.serverRate.locustRps, f.serverRate.serverRps).text + (f.serverRate.flagged ? ' ⚠ gap' : '')] : []),
  ].join(' · ');
}
