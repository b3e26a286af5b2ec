// --check-abort: during a run, which checks can no longer pass whatever happens next. Pure.
//
// Only a check whose metric can move one way during a run is ever given up on:
//   requests, failures  only grow (Locust's counters are cumulative until a reset), and
//   max                 only grows (the whole-run maximum),
// so "failures < 10" is lost for good once 10 failures are counted, and "max < 2s" once one
// request took 2 s. Nothing else is final before the end: fail_ratio falls again as good
// requests pile up, percentiles, the average and RPS can recover, and "requests > N" can still
// be reached. Aborting on those would stop runs that would have passed, so they are judged at
// the end only. The grace period covers the first seconds after a swarm starts, when the
// master's cached JSON (2 s) can still show the previous run's counters.
import type { LocustSnapshot } from '../locust/snapshot.js';
import type { RunSummary } from '../report/summary.js';
import { compare, scopeLabel, type Check, type Metric } from './check.js';
import { formatValue, resolveThreshold } from './judge.js';
import { measureSnapshot, valueOf } from './measure.js';

const GROWS_ONLY: ReadonlySet<Metric> = new Set<Metric>(['requests', 'failures', 'max']);

/** A check that can be decided early: a metric that only grows, held under a ceiling. */
export function canBeLostEarly(check: Check): boolean {
  return GROWS_ONLY.has(check.metric) && (check.operator === '<' || check.operator === '<=');
}

/**
 * False when the check cannot pass any more: the run has been going for at least `graceSeconds`,
 * the metric only grows, and it is already over its ceiling. True in every other case.
 */
export function canStillPass(check: Check, snapshot: LocustSnapshot, elapsedSeconds: number, graceSeconds: number, baseline: RunSummary | null = null): boolean {
  return lostBecause(check, snapshot, elapsedSeconds, graceSeconds, baseline) === null;
}

function lostBecause(check: Check, snapshot: LocustSnapshot, elapsedSeconds: number, graceSeconds: number, baseline: RunSummary | null): string | null {
  if (elapsedSeconds < graceSeconds || !canBeLostEarly(check)) return null;
  const threshold = resolveThreshold(check, baseline);
  if (typeof threshold === 'string') return null; // judged (as an error) at the end, never a reason to stop
  const measurement = measureSnapshot(snapshot, check.scope);
  if (!measurement.ok) return null;
  const actual = valueOf(check.metric, measurement.measured);
  if (actual === null || compare(actual, check.operator, threshold.value)) return null;
  const scope = check.scope.kind === 'total' ? '' : `${scopeLabel(check.scope)}: `;
  return `${scope}${check.metric} is already ${formatValue(check.metric, actual)}, and it only grows (${check.source})`;
}

/** The first check that can no longer pass, as one line for the abort message; null to go on. */
export function abortReason(checks: readonly Check[], snapshot: LocustSnapshot, elapsedSeconds: number, graceSeconds: number, baseline: RunSummary | null = null): string | null {
  for (const check of checks) {
    const why = lostBecause(check, snapshot, elapsedSeconds, graceSeconds, baseline);
    if (why) return `check can no longer pass: ${why}`;
  }
  return null;
}
