// Where the system bends, per replica count. Pure.
//
// The series: for each user level, the successful cell with the highest RPS at that replica
// count (whichever worker count produced it: the most load the target was seen to take, the
// least likely to be limited by the load generator). Along rising users, the knee is the first
// level where, against the level before it,
//   - p95 rises sharply: p95 >= 1.5 x the previous p95 AND by at least 10 ms, or
//   - RPS stops growing: RPS grew by less than a quarter of the users' growth
//     (users x2 -> +100 %; RPS under +25 % is "stopped growing").
// The 10 ms floor keeps a 2 ms -> 4 ms wobble on a fast target from reading as a knee.
import type { CellRecord } from './record.js';

export const KNEE_RULE = { p95Factor: 1.5, p95MinRiseMs: 10, rpsGainShare: 0.25 } as const;

export interface KneePoint {
  readonly users: number;
  readonly workers: number;
  readonly rps: number;
  readonly p95Ms: number;
  readonly cpuBound: boolean;
}

export interface Knee {
  readonly replicas: number | null;
  readonly series: readonly KneePoint[];
  /** the first user level past the knee; null when the series never bent (or is too short) */
  readonly at: KneePoint | null;
  /** the level before it: the highest load that still scaled */
  readonly lastGood: KneePoint | null;
  readonly reasons: readonly ('p95' | 'rps')[];
  readonly recommendation: string;
}

export function kneeSeries(records: readonly CellRecord[], replicas: number | null): KneePoint[] {
  const best = new Map<number, KneePoint>();
  for (const record of records) {
    if (record.replicas !== replicas || record.status !== 'ok' || record.rps === null || record.p95Ms === null) continue;
    const current = best.get(record.users);
    if (!current || record.rps > current.rps) best.set(record.users, { users: record.users, workers: record.workers, rps: record.rps, p95Ms: record.p95Ms, cpuBound: record.cpuBound });
  }
  return [...best.values()].sort((a, b) => a.users - b.users);
}

export function kneeReasons(previous: KneePoint, point: KneePoint): ('p95' | 'rps')[] {
  const reasons: ('p95' | 'rps')[] = [];
  if (point.p95Ms >= previous.p95Ms * KNEE_RULE.p95Factor && point.p95Ms - previous.p95Ms >= KNEE_RULE.p95MinRiseMs) reasons.push('p95');
  const usersGrowth = point.users / previous.users - 1;
  const rpsGrowth = previous.rps > 0 ? point.rps / previous.rps - 1 : Infinity;
  if (rpsGrowth < KNEE_RULE.rpsGainShare * usersGrowth) reasons.push('rps');
  return reasons;
}

const ms = (value: number): string => `${value >= 100 ? Math.round(value) : Number(value.toFixed(1))} ms`;
const rps = (value: number): string => `${value >= 100 ? Math.round(value) : value.toFixed(1)} rps`;
const pct = (value: number): string => `${value >= 0 ? '+' : ''}${Math.round(value * 100)}%`;

function label(replicas: number | null): string {
  return replicas === null ? 'the target' : `${replicas} replica${replicas === 1 ? '' : 's'}`;
}

export function findKnee(records: readonly CellRecord[], replicas: number | null): Knee {
  const series = kneeSeries(records, replicas);
  const who = label(replicas);
  if (series.length < 2) return { replicas, series, at: null, lastGood: null, reasons: [], recommendation: `${who}: fewer than two successful user levels, no knee can be read` };
  for (let index = 1; index < series.length; index++) {
    const previous = series[index - 1]!;
    const point = series[index]!;
    const reasons = kneeReasons(previous, point);
    if (!reasons.length) continue;
    const why = [
      reasons.includes('p95') ? `p95 ${ms(previous.p95Ms)} -> ${ms(point.p95Ms)}` : '',
      reasons.includes('rps') ? `RPS ${pct(point.rps / previous.rps - 1)} for ${pct(point.users / previous.users - 1)} users` : '',
    ].filter(Boolean).join(', ');
    return {
      replicas,
      series,
      at: point,
      lastGood: previous,
      reasons,
      recommendation: `${who}: knee at ${point.users} users (${why}); plan for at most ${previous.users} users (${rps(previous.rps)} at p95 ${ms(previous.p95Ms)})`,
    };
  }
  const last = series[series.length - 1]!;
  return { replicas, series, at: null, lastGood: last, reasons: [], recommendation: `${who}: no knee up to ${last.users} users (${rps(last.rps)} at p95 ${ms(last.p95Ms)}); sweep higher user counts to find the limit` };
}

export function kneesPerReplicas(records: readonly CellRecord[]): Knee[] {
  const replicaCounts = [...new Set(records.map((record) => record.replicas))].sort((a, b) => (a ?? 0) - (b ?? 0));
  return replicaCounts.map((replicas) => findKnee(records, replicas));
}
