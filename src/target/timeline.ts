// The scaling timeline, purely: samples of the swarm and the system under test on one time
// axis -> scaling.csv, the chart's series and scale marks, and the figures Kubernetes' own
// autoscaling tests measure: from the load reaching its level to the HPA's first scale-up, to
// all desired replicas ready, to a new node ready; the time at max replicas; the longest Pending.

import { rateGap } from '../prometheus/gap.js';
import { windowText } from '../prometheus/window.js';
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
  /** what Prometheus answered instead of a number (down, not Prometheus, bad PromQL) */
  readonly serverError?: string;
  /** the rate query's look-back window (its [1m]), ms */
  readonly serverWindowMs?: number;
  /** the users the run asked for at this time (the first is the load level) */
  readonly requestedUsers?: number;
  /** restarts of the target's pods (local: its processes' replacements), summed */
  readonly restarts?: number;
}

export interface SwarmPoint {
  readonly users: number;
  readonly rps: number;
  readonly p95Ms?: number;
  readonly requestedUsers?: number;
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
    ...(swarm.requestedUsers !== undefined ? { requestedUsers: swarm.requestedUsers } : {}),
    targets: c?.perTarget ?? [],
    pending: c?.pending ?? 0,
    nodes: c?.nodes ?? 0,
    readyNodes: c?.readyNodes ?? 0,
    atMax: (c?.atMax.length ?? 0) > 0,
    oldestPendingS: pendingSince.length ? Math.max(0, Math.round((at - Math.min(...pendingSince)) / 1000)) : 0,
    ...(view && view.deployments.some((d) => d.pods.some((p) => p.restarts > 0)) ? { restarts: view.deployments.reduce((n, d) => n + d.pods.reduce((m, p) => m + p.restarts, 0), 0) } : {}),
    ...(server?.rate !== undefined ? { serverRps: server.rate } : {}),
    ...(server?.latency !== undefined ? { serverLatencyMs: server.latency } : {}),
    ...(server?.errors !== undefined ? { serverErrors: server.errors } : {}),
    ...(server?.error !== undefined ? { serverError: server.error } : {}),
    ...(server?.windowMs !== undefined ? { serverWindowMs: server.windowMs } : {}),
  };
}

/**
 * How long the users have held their current level at `now`, ms: since the first sample of the
 * newest run of samples with the same users (a ramp changes them every sample).
 */
export function loadHeldMs(samples: readonly TimelineSample[], now: number): number {
  const last = samples.at(-1);
  if (!last || last.users <= 0) return 0;
  let since = last.at;
  for (let i = samples.length - 1; i >= 0 && samples[i]!.users === last.users; i--) since = samples[i]!.at;
  return Math.max(0, now - since);
}

const allReady = (s: TimelineSample): boolean => s.targets.length > 0 && s.targets.every((t) => t.ready >= t.desired);

/** The application's own rate against Locust's, like with like; or why there is none. */
export interface ServerRateFigure {
  readonly locustRps?: number;
  readonly serverRps?: number;
  readonly gapPct?: number;
  readonly flagged: boolean;
  /** the query's look-back window, seconds: only samples where the load had held its level that long compare */
  readonly windowS?: number;
  /** e.g. "warming up: the load never held its level for the query's 1m window" */
  readonly note?: string;
  /** Prometheus' own message when it gave no rate at all */
  readonly error?: string;
}

export interface ScalingFigures {
  /** when the users first reached the level the run asked for (ISO), undefined without load */
  readonly loadLevelAt?: string;
  readonly loadLevelUsers?: number;
  /** the users asked for later (a change during the run), with when: the figures stay measured from the first level */
  readonly laterLoadChanges?: ReadonlyArray<{ readonly at: string; readonly users: number }>;
  /** scale events before the load level (during the ramp) */
  readonly scaleEventsBeforeLevel?: number;
  /** seconds from the load level to the first rise in desired replicas */
  readonly toFirstScaleUpS?: number;
  /** seconds from the load level to all desired replicas ready, after that scale-up */
  readonly toAllReadyS?: number;
  /** without a scale-up after the load level: whether every replica asked for was ready all along */
  readonly allReadyThroughout?: boolean;
  /** seconds from the load level to a node that was not there (ready) before */
  readonly toNewNodeReadyS?: number;
  readonly timeAtMaxS: number;
  readonly longestPendingS: number;
  readonly maxDesired: number;
  readonly maxReady: number;
  readonly maxNodes: number;
  /** the application's own rate against Locust's, averaged over the samples at the load level where both have a rate */
  readonly serverRate?: ServerRateFigure;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

export function scalingFigures(samples: readonly TimelineSample[], level?: number): ScalingFigures {
  const s = [...samples].sort((a, b) => a.at - b.at);
  // the load level: what the run asked for first (a later ++++ does not move it), else the peak
  const requested = s.find((x) => x.requestedUsers !== undefined && x.requestedUsers > 0)?.requestedUsers;
  const peak = Math.max(0, ...s.map((x) => x.users));
  const top = level ?? (requested !== undefined && s.some((x) => x.users >= requested) ? requested : peak);
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
  if (start < 0) return { ...base, ...serverFigure(s, () => false) };
  const t0 = s[start]!;
  const since = (x: TimelineSample): number => round1((x.at - t0.at) / 1000);
  const after = s.slice(start);
  const scaleUp = after.findIndex((x) => desiredOf(x) > desiredOf(t0));
  const ready = scaleUp < 0 ? undefined : after.slice(scaleUp).find(allReady);
  const newNode = after.find((x) => x.readyNodes > t0.readyNodes);
  const before = scaleEvents(s).filter((e) => e.index <= start && e.kind.startsWith('scale')).length;
  const changes: Array<{ at: string; users: number }> = [];
  let asked = requested;
  for (const x of after) {
    if (x.requestedUsers === undefined || x.requestedUsers === asked) continue;
    asked = x.requestedUsers;
    changes.push({ at: new Date(x.at).toISOString(), users: x.requestedUsers });
  }
  return {
    loadLevelAt: new Date(t0.at).toISOString(),
    loadLevelUsers: top,
    ...(changes.length ? { laterLoadChanges: changes } : {}),
    ...(before ? { scaleEventsBeforeLevel: before } : {}),
    ...(scaleUp >= 0 ? { toFirstScaleUpS: since(after[scaleUp]!) } : {}),
    ...(ready ? { toAllReadyS: since(ready) } : {}),
    ...(scaleUp < 0 ? { allReadyThroughout: after.filter((x) => x.targets.length > 0).every(allReady) } : {}),
    ...(newNode ? { toNewNodeReadyS: since(newNode) } : {}),
    ...base,
    ...serverFigure(after, (x) => x.users >= top),
  };
}

/**
 * Like with like: the server's rate over its window against Locust's, only where the users had
 * held their level for that whole window (a ramp or a short run compares nothing, and says so).
 */
function serverFigure(s: readonly TimelineSample[], atLevel: (x: TimelineSample) => boolean): { serverRate?: ServerRateFigure } {
  const windowMs = Math.max(0, ...s.map((x) => x.serverWindowMs ?? 0));
  const windowS = windowMs ? { windowS: Math.round(windowMs / 1000) } : {};
  let heldSince = s[0]?.at ?? 0;
  const covered = s.filter((x, i) => {
    if (i > 0 && x.users !== s[i - 1]!.users) heldSince = x.at;
    // where both said something: Locust's rolling rate reads 0 for a moment when its workers' reports are late
    return x.serverRps !== undefined && atLevel(x) && x.rps > 0 && x.at - heldSince >= windowMs;
  });
  if (covered.length) {
    const mean = (f: (x: TimelineSample) => number): number => covered.reduce((n, x) => n + f(x), 0) / covered.length;
    const gap = rateGap(mean((x) => x.rps), mean((x) => x.serverRps!));
    return { serverRate: { locustRps: round1(gap.locustRps), serverRps: round1(gap.serverRps), gapPct: Math.round(gap.relative * 100) || 0, flagged: gap.flagged, ...windowS } };
  }
  if (s.some((x) => x.serverRps !== undefined)) return { serverRate: { flagged: false, ...windowS, note: `warming up: the load never held its level for the query's ${windowText(windowMs)} window, so nothing to compare` } };
  const error = s.findLast((x) => x.serverError !== undefined)?.serverError;
  return error ? { serverRate: { flagged: false, error } } : {};
}

/** "server 70.1/s vs Locust 100.0/s (-30%) ⚠ gap", "warming up: ...", "Prometheus: ..." */
export function serverRateText(f: ServerRateFigure, flaggedWord = ' ⚠ gap'): string {
  if (f.locustRps !== undefined && f.serverRps !== undefined) return rateGap(f.locustRps, f.serverRps).text + (f.flagged ? flaggedWord : '');
  return f.error ? `no server-side rate: ${f.error}` : `server-side rate ${f.note ?? 'none'}`;
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
 * server_latency_ms, server_errors and restarts (the target's pods', summed), each when any sample has one.
 */
export function scalingCsv(samples: readonly TimelineSample[]): string {
  const s = [...samples].sort((a, b) => a.at - b.at);
  const names: string[] = [];
  for (const x of s) for (const t of x.targets) if (!names.includes(t.name)) names.push(t.name);
  const anyRestarts = s.some((x) => x.restarts);
  // the server-side columns (and restarts) that any sample has, in this order
  const serverColumns = (
    [
      ['server_rps', (x: TimelineSample) => num(x.serverRps)],
      ['server_latency_ms', (x: TimelineSample) => num(x.serverLatencyMs)],
      ['server_errors', (x: TimelineSample) => num(x.serverErrors, 2)],
      ['restarts', (x: TimelineSample) => (anyRestarts ? (x.restarts ?? 0) : undefined)],
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
 * The chart's series on one time axis, `width` points wide (the last sample of each bucket; the
 * replicas' peak in it; scale marks keep their bucket). Fits any width: 80 columns or 200.
 */
export function timelineSeries(samples: readonly TimelineSample[], width: number): TimelineSeries {
  const s = [...samples].sort((a, b) => a.at - b.at);
  const w = Math.max(1, Math.floor(width));
  const n = Math.min(s.length, w);
  // sample j falls in bucket floor(j * n / length): n buckets, in order, none empty
  const bucketOf = (j: number): number => Math.floor((j * n) / s.length);
  const last: TimelineSample[] = [];
  // replicas: the peak of each bucket, so a brief scale (3 -> 5 for 6 s) shows at 80 columns too
  const desired: number[] = [];
  const ready: number[] = [];
  s.forEach((x, j) => {
    const b = bucketOf(j);
    last[b] = x;
    desired[b] = Math.max(desired[b] ?? 0, desiredOf(x));
    ready[b] = Math.max(ready[b] ?? 0, readyOf(x));
  });
  const server = s.some((x) => x.serverRps !== undefined);
  return {
    rps: last.map((x) => x.rps),
    p95: last.map((x) => x.p95Ms ?? 0),
    desired,
    ready,
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
    `first scale-up ${f.toFirstScaleUpS === undefined ? (f.scaleEventsBeforeLevel ? `none after it (${f.scaleEventsBeforeLevel} before)` : 'never') : `after ${d(f.toFirstScaleUpS)}`}`,
    f.toFirstScaleUpS === undefined ? (f.allReadyThroughout ? 'all ready throughout' : 'not all ready throughout') : `all ready ${f.toAllReadyS === undefined ? 'not within the run' : `after ${d(f.toAllReadyS)}`}`,
    `new node ${f.toNewNodeReadyS === undefined ? 'none' : `after ${d(f.toNewNodeReadyS)}`}`,
    `${d(f.timeAtMaxS)} at max`,
    `longest Pending ${d(f.longestPendingS)}`,
    ...(f.laterLoadChanges?.length ? [`then ${f.laterLoadChanges.map((c) => `${c.users} users ${c.at.slice(11, 19)}`).join(', ')}`] : []),
    ...(f.serverRate ? [serverRateText(f.serverRate)] : []),
  ].join(' · ');
}
