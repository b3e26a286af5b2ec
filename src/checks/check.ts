// The vocabulary of SLO checks: what a parsed `--check` is and what judging it gives. Pure types.

export type Metric = 'rps' | 'p50' | 'p95' | 'p99' | 'avg' | 'max' | 'fail_ratio' | 'failures' | 'requests';

export type Operator = '<' | '<=' | '>' | '>=';

/** What a metric is measured in: how its thresholds are written and its values printed. */
export type MetricKind = 'latency' | 'ratio' | 'rate' | 'count';

export const METRIC_KIND: Readonly<Record<Metric, MetricKind>> = {
  rps: 'rate',
  p50: 'latency',
  p95: 'latency',
  p99: 'latency',
  avg: 'latency',
  max: 'latency',
  fail_ratio: 'ratio',
  failures: 'count',
  requests: 'count',
};

/** A fixed number (ms for latency, 0..1 for ratios) or a multiple of the baseline's value. */
export type Threshold =
  | { readonly kind: 'absolute'; readonly value: number }
  | { readonly kind: 'baseline'; readonly factor: number };

/** Which numbers a check reads: the aggregated row, or one endpoint ("GET /posts"). */
export type Scope =
  | { readonly kind: 'total' }
  | { readonly kind: 'endpoint'; readonly method: string | null; readonly name: string };

export interface Check {
  /** the check as the user wrote it, trimmed */
  readonly source: string;
  readonly scope: Scope;
  readonly metric: Metric;
  readonly operator: Operator;
  readonly threshold: Threshold;
}

/** pass: holds; fail: measured and breached; error: could not be measured (counts as not passing). */
export type CheckStatus = 'pass' | 'fail' | 'error';

export interface CheckResult {
  readonly check: string;
  readonly status: CheckStatus;
  readonly scope: string;
  readonly metric: Metric;
  readonly operator: Operator;
  /** the measured value (ms, ratio, rps or count); null when it could not be measured */
  readonly actual: number | null;
  /** the threshold after resolving a baseline reference; null when it could not be resolved */
  readonly threshold: number | null;
  /** the baseline's own value when the threshold refers to it */
  readonly baseline?: number;
  /** one line, e.g. "PASS p95 412ms < 500ms" */
  readonly line: string;
}

export function scopeLabel(scope: Scope): string {
  if (scope.kind === 'total') return 'total';
  return scope.method ? `${scope.method} ${scope.name}` : scope.name;
}

export function compare(actual: number, operator: Operator, threshold: number): boolean {
  switch (operator) {
    case '<':
      return actual < threshold;
    case '<=':
      return actual <= threshold;
    case '>':
      return actual > threshold;
    case '>=':
      return actual >= threshold;
  }
}
