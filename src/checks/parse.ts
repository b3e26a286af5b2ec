// `--check "p95<500ms, fail_ratio<1%, GET /posts: p95<300ms"` -> Check[]. Pure.
// A malformed check is a usage error (exit 2) with one line that says what is wrong.
import { UsageError } from '../cli/parse.js';
import { METRIC_KIND, type Check, type Metric, type Operator, type Scope, type Threshold } from './check.js';

export class CheckSyntaxError extends UsageError {}

const METRICS = Object.keys(METRIC_KIND) as Metric[];

/** [scope ":"] metric operator threshold. The scope's name is greedy, so a name may hold ':'. */
const CHECK = /^(?:(?<scope>.+):\s*)?(?<metric>[A-Za-z_][A-Za-z0-9_]*)\s*(?<operator><=|>=|<|>)\s*(?<threshold>.+)$/;
const NUMBER = '(\\d+(?:\\.\\d+)?|\\.\\d+)';
const BASELINE = new RegExp(`^baseline(?:\\s*\\*\\s*${NUMBER})?$`, 'i');
const VALUE = new RegExp(`^${NUMBER}\\s*(ms|s|%|/s)?$`, 'i');
/** a method is one word of letters (GET, POST, grpc, WS…); Locust's request_type is free text */
const METHOD_AND_NAME = /^(?<method>[A-Za-z][A-Za-z0-9_-]*)\s+(?<name>\S.*)$/;

function fail(source: string, why: string): never {
  throw new CheckSyntaxError(`--check "${source}": ${why}`);
}

function parseScope(text: string | undefined): Scope {
  const scope = text?.trim();
  if (!scope || /^(total|aggregated)$/i.test(scope)) return { kind: 'total' };
  const match = METHOD_AND_NAME.exec(scope);
  // "GET /posts" names one endpoint; "/posts" (no method) every endpoint of that name. A name
  // with spaces and no method ("login flow") is matched whole when no method fits (see judge).
  if (match?.groups) return { kind: 'endpoint', method: match.groups['method']!, name: match.groups['name']!.trim() };
  return { kind: 'endpoint', method: null, name: scope };
}

function parseThreshold(metric: Metric, text: string, source: string): Threshold {
  const baseline = BASELINE.exec(text);
  if (baseline) {
    const factor = baseline[1] === undefined ? 1 : Number(baseline[1]);
    if (!(factor > 0)) fail(source, 'a baseline factor must be above 0, e.g. baseline*1.1');
    return { kind: 'baseline', factor };
  }
  const match = VALUE.exec(text);
  if (!match) fail(source, `"${text}" is not a threshold (a number with a unit, or baseline*1.1)`);
  const value = Number(match[1]);
  const unit = match[2]?.toLowerCase();
  switch (METRIC_KIND[metric]) {
    case 'latency':
      if (unit === undefined || unit === 'ms') return { kind: 'absolute', value };
      if (unit === 's') return { kind: 'absolute', value: value * 1000 };
      return fail(source, `${metric} is a latency: write it in ms or s (got "${text}")`);
    case 'ratio':
      if (unit === '%') {
        if (value > 100) fail(source, `a ratio cannot exceed 100% (got "${text}")`);
        return { kind: 'absolute', value: value / 100 };
      }
      if (unit === undefined && value <= 1) return { kind: 'absolute', value };
      return fail(source, `${metric} is a ratio: write 1% or 0.01 (got "${text}")`);
    case 'rate':
      if (unit === undefined || unit === '/s') return { kind: 'absolute', value };
      return fail(source, `${metric} is requests per second: write a plain number (got "${text}")`);
    case 'count':
      if (unit === undefined && Number.isInteger(value)) return { kind: 'absolute', value };
      return fail(source, `${metric} is a count: write a whole number (got "${text}")`);
  }
}

export function parseCheck(text: string): Check {
  const source = text.trim();
  if (!source) throw new CheckSyntaxError('--check: an empty check (two commas in a row, or a trailing comma?)');
  const match = CHECK.exec(source);
  if (!match?.groups) fail(source, 'expected METRIC OPERATOR VALUE, e.g. p95<500ms (operators: < <= > >=)');
  const metricName = match.groups['metric']!.toLowerCase();
  if (metricName === 'p90') fail(source, 'Locust does not report p90; use p50, p95 or p99');
  if (!(METRICS as string[]).includes(metricName)) fail(source, `unknown metric "${match.groups['metric']}" (one of ${METRICS.join(', ')})`);
  const metric = metricName as Metric;
  return {
    source,
    scope: parseScope(match.groups['scope']),
    metric,
    operator: match.groups['operator'] as Operator,
    threshold: parseThreshold(metric, match.groups['threshold']!.trim(), source),
  };
}

/**
 * One or more `--check` values (also a --config list), each a comma-separated list. An
 * endpoint prefix applies to the one check it precedes: "GET /posts: p95<300ms, rps>100"
 * judges /posts' p95 and the total RPS (the result lines name the scope they judged).
 */
export function parseChecks(values: string | readonly string[]): Check[] {
  const list = typeof values === 'string' ? [values] : values;
  const checks = list.flatMap((value) => value.split(',')).map(parseCheck);
  if (!checks.length) throw new CheckSyntaxError('--check: no checks given');
  return checks;
}

export function needsBaseline(checks: readonly Check[]): boolean {
  return checks.some((check) => check.threshold.kind === 'baseline');
}
