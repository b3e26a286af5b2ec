// --baseline PATH: this run against an earlier one, per endpoint and in total. Pure.
// Lower latency and failure ratio are better, higher RPS is better; changes within the noise
// (5 % of the baseline, and at least 1 ms / 0.5 rps / 0.1 percentage point) count as "same",
// because a load test never repeats to the millisecond and a gate on noise is a flaky gate.
import { findEndpoint } from '../checks/measure.js';
import type { EndpointSummary, RunSummary } from './summary.js';

export type DeltaMetric = 'rps' | 'p50' | 'p95' | 'p99' | 'fail_ratio';
export type Verdict = 'better' | 'worse' | 'same' | 'n/a';

export interface MetricDelta {
  readonly metric: DeltaMetric;
  readonly current: number | null;
  readonly baseline: number | null;
  /** current - baseline, in the metric's unit (ms, rps, ratio) */
  readonly delta: number | null;
  /** delta / baseline; null when the baseline is 0 or missing */
  readonly relative: number | null;
  readonly verdict: Verdict;
}

export interface RowDelta {
  /** "total" or "METHOD name" */
  readonly label: string;
  readonly method: string;
  readonly name: string;
  /** an endpoint only one of the two runs made */
  readonly onlyIn?: 'current' | 'baseline';
  readonly metrics: readonly MetricDelta[];
}

export interface BaselineComparison {
  /** the baseline's summary.json */
  readonly source: string;
  readonly baselineStartedAt: string;
  readonly baselineScenario: string;
  readonly total: RowDelta;
  readonly endpoints: readonly RowDelta[];
}

export const DELTA_METRICS: readonly DeltaMetric[] = ['rps', 'p50', 'p95', 'p99', 'fail_ratio'];

const HIGHER_IS_BETTER: Readonly<Record<DeltaMetric, boolean>> = { rps: true, p50: false, p95: false, p99: false, fail_ratio: false };
const NOISE_FLOOR: Readonly<Record<DeltaMetric, number>> = { rps: 0.5, p50: 1, p95: 1, p99: 1, fail_ratio: 0.001 };
export const NOISE_RELATIVE = 0.05;

interface Values {
  readonly rps: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly fail_ratio: number | null;
}

function values(row: EndpointSummary | undefined, rps: number | null): Values {
  if (!row) return { rps: null, p50: null, p95: null, p99: null, fail_ratio: null };
  return { rps, p50: row.p50Ms, p95: row.p95Ms, p99: row.p99Ms, fail_ratio: row.requests ? row.failures / row.requests : null };
}

export function metricDelta(metric: DeltaMetric, current: number | null, baseline: number | null): MetricDelta {
  if (current === null || baseline === null) return { metric, current, baseline, delta: null, relative: null, verdict: 'n/a' };
  const delta = current - baseline;
  const relative = baseline === 0 ? null : delta / baseline;
  const noise = Math.max(NOISE_FLOOR[metric], Math.abs(baseline) * NOISE_RELATIVE);
  const verdict: Verdict = Math.abs(delta) <= noise ? 'same' : delta > 0 === HIGHER_IS_BETTER[metric] ? 'better' : 'worse';
  return { metric, current, baseline, delta, relative, verdict };
}

function row(label: string, method: string, name: string, current: Values, baseline: Values, onlyIn?: 'current' | 'baseline'): RowDelta {
  return { label, method, name, ...(onlyIn ? { onlyIn } : {}), metrics: DELTA_METRICS.map((metric) => metricDelta(metric, current[metric], baseline[metric])) };
}

const endpointRps = (summary: RunSummary, endpoint: EndpointSummary): number => (summary.durationSeconds > 0 ? Math.round((endpoint.requests / summary.durationSeconds) * 10) / 10 : 0);

export function compareToBaseline(current: RunSummary, baseline: RunSummary, source: string): BaselineComparison {
  const endpoints: RowDelta[] = current.endpoints.map((endpoint) => {
    const match = findEndpoint(baseline.endpoints, { kind: 'endpoint', method: endpoint.method, name: endpoint.name });
    const before = typeof match === 'string' ? undefined : match;
    return row(`${endpoint.method} ${endpoint.name}`, endpoint.method, endpoint.name, values(endpoint, endpointRps(current, endpoint)), values(before, before ? endpointRps(baseline, before) : null), before ? undefined : 'current');
  });
  for (const endpoint of baseline.endpoints) {
    if (typeof findEndpoint(current.endpoints, { kind: 'endpoint', method: endpoint.method, name: endpoint.name }) === 'string') {
      endpoints.push(row(`${endpoint.method} ${endpoint.name}`, endpoint.method, endpoint.name, values(undefined, null), values(endpoint, endpointRps(baseline, endpoint)), 'baseline'));
    }
  }
  return {
    source,
    baselineStartedAt: baseline.startedAt,
    baselineScenario: baseline.scenario,
    total: row('total', '', 'Aggregated', values(current.totals, current.totals.rps), values(baseline.totals, baseline.totals.rps)),
    endpoints,
  };
}

/** The delta row for one endpoint of the current run (the cockpit's table looks its rows up here). */
export function endpointDelta(comparison: BaselineComparison, method: string, name: string): RowDelta | undefined {
  return comparison.endpoints.find((entry) => entry.method === method && entry.name === name);
}

export function fmtDeltaValue(metric: DeltaMetric, value: number | null): string {
  if (value === null) return '—';
  if (metric === 'fail_ratio') return `${(value * 100).toFixed(value > 0 && value < 0.001 ? 2 : 1)}%`;
  if (metric === 'rps') return value >= 100 ? value.toFixed(0) : value.toFixed(1);
  return `${value >= 100 ? value.toFixed(0) : Number(value.toFixed(1))}ms`;
}

/** "+57%", "-3%", "+2.1pp" for ratios (a relative change of a ratio reads badly) */
export function fmtChange(delta: MetricDelta): string {
  if (delta.delta === null) return '';
  if (delta.metric === 'fail_ratio') return `${delta.delta >= 0 ? '+' : ''}${(delta.delta * 100).toFixed(1)}pp`;
  if (delta.relative === null) return delta.delta === 0 ? '±0%' : 'new';
  const percent = Math.round(delta.relative * 100);
  return percent === 0 ? '±0%' : `${percent > 0 ? '+' : ''}${percent}%`;
}

/** One cell: "11ms +57% worse", "32.4 ±0% same", "— n/a". */
export function deltaCell(delta: MetricDelta): string {
  const change = fmtChange(delta);
  return [fmtDeltaValue(delta.metric, delta.current), change, delta.verdict].filter(Boolean).join(' ');
}

const METRIC_LABEL: Readonly<Record<DeltaMetric, string>> = { rps: 'rps', p50: 'p50', p95: 'p95', p99: 'p99', fail_ratio: 'fail' };

function rowLine(entry: RowDelta): string {
  if (entry.onlyIn) return `  ${entry.label}: only in the ${entry.onlyIn === 'current' ? 'current run' : 'baseline'}`;
  return `  ${entry.label}: ${entry.metrics.map((delta) => `${METRIC_LABEL[delta.metric]} ${deltaCell(delta)}`).join(', ')}`;
}

/** Printable lines for headless output: a header, the total, then each endpoint. */
export function baselineLines(comparison: BaselineComparison): string[] {
  return [`vs baseline ${comparison.baselineScenario} of ${comparison.baselineStartedAt} (${comparison.source})`, rowLine(comparison.total), ...comparison.endpoints.map(rowLine)];
}

/** How many metrics got worse, in total and per endpoint: a one-line verdict. */
export function baselineVerdict(comparison: BaselineComparison): string {
  const rows = [comparison.total, ...comparison.endpoints];
  const worse = rows.flatMap((entry) => entry.metrics.filter((delta) => delta.verdict === 'worse').map((delta) => `${entry.label} ${METRIC_LABEL[delta.metric]}`));
  return worse.length ? `worse than the baseline: ${worse.join(', ')}` : 'nothing worse than the baseline';
}
