// Judge checks on a finished run's summary (optionally against a baseline run). Pure.
import type { RunSummary } from '../report/summary.js';
import { compare, METRIC_KIND, scopeLabel, type Check, type CheckResult, type CheckStatus, type Metric } from './check.js';
import { measureSummary, valueOf } from './measure.js';

export function formatValue(metric: Metric, value: number): string {
  switch (METRIC_KIND[metric]) {
    case 'latency':
      return value >= 1000 ? `${Number((value / 1000).toFixed(2))}s` : `${value >= 10 ? Math.round(value) : Number(value.toFixed(1))}ms`;
    case 'ratio': {
      const percent = value * 100;
      return `${percent === 0 || percent >= 10 ? Number(percent.toFixed(1)) : Number(percent.toFixed(2))}%`;
    }
    case 'rate':
      return String(value >= 100 ? Math.round(value) : Number(value.toFixed(1)));
    case 'count':
      return String(Math.round(value));
  }
}

function line(status: CheckStatus, check: Check, body: string): string {
  const scope = check.scope.kind === 'total' ? '' : `${scopeLabel(check.scope)}: `;
  return `${status.toUpperCase()} ${scope}${check.metric} ${body}`;
}

function errorResult(check: Check, why: string): CheckResult {
  return { check: check.source, status: 'error', scope: scopeLabel(check.scope), metric: check.metric, operator: check.operator, actual: null, threshold: null, line: line('error', check, `not judged: ${why}`) };
}

/** The threshold in the metric's own unit, or why it cannot be had. */
export function resolveThreshold(check: Check, baseline: RunSummary | null): { value: number; baseline?: number } | string {
  if (check.threshold.kind === 'absolute') return { value: check.threshold.value };
  if (!baseline) return 'it refers to a baseline and none was given (--baseline PATH)';
  const measurement = measureSummary(baseline, check.scope);
  if (!measurement.ok) return `baseline: ${measurement.why}`;
  const value = valueOf(check.metric, measurement.measured);
  if (value === null) return `the baseline has no ${check.metric}`;
  return { value: value * check.threshold.factor, baseline: value };
}

export function judgeCheck(check: Check, summary: RunSummary, baseline: RunSummary | null = null): CheckResult {
  const threshold = resolveThreshold(check, baseline);
  if (typeof threshold === 'string') return errorResult(check, threshold);
  const measurement = measureSummary(summary, check.scope);
  if (!measurement.ok) return errorResult(check, measurement.why);
  const actual = valueOf(check.metric, measurement.measured);
  if (actual === null) return errorResult(check, `no ${check.metric}: no requests were made`);
  const status: CheckStatus = compare(actual, check.operator, threshold.value) ? 'pass' : 'fail';
  const factor = check.threshold.kind === 'baseline' ? check.threshold.factor : 1;
  const note = threshold.baseline === undefined ? '' : ` (baseline ${formatValue(check.metric, threshold.baseline)}${factor === 1 ? '' : ` x${factor}`})`;
  const body = `${formatValue(check.metric, actual)} ${check.operator} ${formatValue(check.metric, threshold.value)}${note}`;
  return {
    check: check.source,
    status,
    scope: scopeLabel(check.scope),
    metric: check.metric,
    operator: check.operator,
    actual,
    threshold: threshold.value,
    ...(threshold.baseline === undefined ? {} : { baseline: threshold.baseline }),
    line: line(status, check, body),
  };
}

export function judgeChecks(checks: readonly Check[], summary: RunSummary, baseline: RunSummary | null = null): CheckResult[] {
  return checks.map((check) => judgeCheck(check, summary, baseline));
}

/** Exit code of a gated run: 0 when every check holds, 1 when any fails or could not be judged. */
export function checksExitCode(results: readonly CheckResult[]): 0 | 1 {
  return results.every((result) => result.status === 'pass') ? 0 : 1;
}

export function checksVerdict(results: readonly CheckResult[]): string {
  const passed = results.filter((result) => result.status === 'pass').length;
  return `checks: ${passed}/${results.length} passed${passed === results.length ? '' : ' — FAILED'}`;
}
