// One plain line per interval: what headless runs, CI logs and a piped stdout show. Pure.
import { fmtDuration, fmtMs, fmtPercent, fmtRate } from '../render/format.js';
import type { RunSummary } from '../report/summary.js';
import { connectedWorkers, elapsedMs, phase } from '../state/selectors.js';
import type { State } from '../state/state.js';

/**
 * The rates and percentiles are Locust's current ones (its last ~10 s window), the counts are
 * the whole run's; each group says which, since the summary's percentiles are the whole run's.
 */
export function progressLine(state: State): string {
  const locust = state.locust;
  // before the first request Locust reports its percentiles as 0: nothing measured reads —
  const measured = (locust?.total.requests ?? 0) > 0;
  const parts = [
    `[${fmtDuration(elapsedMs(state))}]`,
    phase(state),
    `users=${locust?.users ?? 0}`,
    `workers=${connectedWorkers(state)}/${state.expectedWorkers}`,
    'last 10s:',
    `rps=${fmtRate(locust?.rps ?? 0)}`,
    `fail/s=${fmtRate(locust?.failPerSec ?? 0)}`,
    `p50=${fmtMs(measured ? (locust?.currentP50 ?? null) : null)}ms`,
    `p95=${fmtMs(measured ? (locust?.currentP95 ?? null) : null)}ms`,
    'whole run:',
    `requests=${locust?.total.requests ?? 0}`,
    `failures=${locust?.total.failures ?? 0}`,
  ];
  if (state.locustError) parts.push(`error="${state.locustError}"`);
  return parts.join(' ');
}

export function summaryText(summary: RunSummary, dir: string): string {
  const totals = summary.totals;
  return [
    `ltop: ${summary.scenario} on ${summary.platform} against ${summary.targetHost}, ${summary.durationSeconds}s, ${summary.users} users, ${summary.workers.connected}/${summary.workers.expected} workers`,
    `  whole run: requests ${totals.requests}  failures ${totals.failures} (${fmtPercent(totals.failureRatio)})  rps ${fmtRate(totals.rps)}`,
    `  latency ms, whole run: p50 ${fmtMs(totals.p50Ms)}  p95 ${fmtMs(totals.p95Ms)}  p99 ${fmtMs(totals.p99Ms)}  max ${fmtMs(totals.maxMs)}`,
    ...(summary.partial ? [`  PARTIAL: ${summary.partialCause ?? 'the Locust master was gone'}; these are the last numbers ltop held, without Locust's CSV and HTML report`] : []),
    `  results: ${dir}`,
  ].join('\n');
}
