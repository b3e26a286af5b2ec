// The numbers a check reads, taken from a finished run's summary or a live snapshot. Pure.
import type { EndpointStats, LocustSnapshot } from '../locust/snapshot.js';
import type { EndpointSummary, RunSummary } from '../report/summary.js';
import type { Metric, Scope } from './check.js';

export interface Measured {
  readonly requests: number;
  readonly failures: number;
  readonly rps: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly avg: number | null;
  readonly max: number | null;
}

/** Either the numbers, or why there are none (no such endpoint, an ambiguous name). */
export type Measurement = { readonly ok: true; readonly measured: Measured } | { readonly ok: false; readonly why: string };

interface Row {
  readonly method: string;
  readonly name: string;
}

/** "GET /posts" matches method and name; a bare name every method; failing that, the scope's whole text as a name. */
export function findEndpoint<T extends Row>(rows: readonly T[], scope: Scope & { kind: 'endpoint' }): T | string {
  const byMethod = scope.method === null ? [] : rows.filter((row) => row.method.toLowerCase() === scope.method!.toLowerCase() && row.name === scope.name);
  const whole = scope.method === null ? scope.name : `${scope.method} ${scope.name}`;
  const candidates = byMethod.length ? byMethod : rows.filter((row) => row.name === whole);
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) return `"${whole}" matches ${candidates.length} endpoints (${candidates.map((row) => row.method).join(', ')}): name the method`;
  return `no endpoint "${whole}" in this run`;
}

function fromEndpointSummary(row: EndpointSummary, rps: number): Measured {
  return { requests: row.requests, failures: row.failures, rps, p50: row.p50Ms, p95: row.p95Ms, p99: row.p99Ms, avg: row.requests ? row.avgMs : null, max: row.requests ? row.maxMs : null };
}

export function measureSummary(summary: RunSummary, scope: Scope): Measurement {
  if (scope.kind === 'total') return { ok: true, measured: fromEndpointSummary(summary.totals, summary.totals.rps) };
  const row = findEndpoint(summary.endpoints, scope);
  if (typeof row === 'string') return { ok: false, why: row };
  // the summary gives whole-run RPS only in total; an endpoint's is its share over the same time
  const rps = summary.durationSeconds > 0 ? Math.round((row.requests / summary.durationSeconds) * 10) / 10 : 0;
  return { ok: true, measured: fromEndpointSummary(row, rps) };
}

function fromStats(row: EndpointStats): Measured {
  return { requests: row.requests, failures: row.failures, rps: row.currentRps, p50: row.p50, p95: row.p95, p99: row.p99, avg: row.requests ? row.avg : null, max: row.requests ? row.max : null };
}

export function measureSnapshot(snapshot: LocustSnapshot, scope: Scope): Measurement {
  if (scope.kind === 'total') return { ok: true, measured: fromStats(snapshot.total) };
  const row = findEndpoint(snapshot.endpoints, scope);
  return typeof row === 'string' ? { ok: false, why: row } : { ok: true, measured: fromStats(row) };
}

export function valueOf(metric: Metric, measured: Measured): number | null {
  switch (metric) {
    case 'fail_ratio':
      return measured.requests ? measured.failures / measured.requests : null;
    case 'requests':
    case 'failures':
    case 'rps':
    case 'p50':
    case 'p95':
    case 'p99':
    case 'avg':
    case 'max':
      return measured[metric];
  }
}
