// Locust versions before 2.21 report no per-endpoint p95 in JSON; their requests CSV does.
import { readRequestsCsv, type RequestsCsvRow } from './requests-csv.js';
import type { EndpointStats, LocustSnapshot } from './snapshot.js';

export type CsvRow = Pick<RequestsCsvRow, 'method' | 'name' | 'requests' | 'failures'> & {
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
};

export function parseRequestsCsv(text: string): CsvRow[] {
  const { endpoints, total } = readRequestsCsv(text);
  return [...endpoints, ...(total ? [total] : [])].map((row) => ({ method: row.method, name: row.name, requests: row.requests, failures: row.failures, p50: row.p50Ms, p95: row.p95Ms, p99: row.p99Ms }));
}

function withCsv(row: EndpointStats, csv: readonly CsvRow[]): EndpointStats {
  if (row.p95 !== null) return row;
  const match = csv.find((candidate) => candidate.name === row.name && candidate.method === row.method);
  return match ? { ...row, p95: match.p95, p99: row.p99 ?? match.p99 } : row;
}

export function fillPercentilesFromCsv(snapshot: LocustSnapshot, csv: readonly CsvRow[]): LocustSnapshot {
  return {
    ...snapshot,
    endpoints: snapshot.endpoints.map((row) => withCsv(row, csv)),
    total: withCsv(snapshot.total, csv),
  };
}

export function needsCsvPercentiles(snapshot: LocustSnapshot): boolean {
  return snapshot.total.requests > 0 && snapshot.total.p95 === null;
}
