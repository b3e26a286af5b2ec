// Locust versions before 2.21 report no per-endpoint p95 in JSON; their requests CSV does.
import { parse } from 'csv-parse/sync';
import type { EndpointStats, LocustSnapshot } from './snapshot.js';

export interface CsvRow {
  readonly method: string;
  readonly name: string;
  readonly requests: number;
  readonly failures: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

function cell(value: string | undefined): number | null {
  if (value === undefined || value === '' || value === 'N/A') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

export function parseRequestsCsv(text: string): CsvRow[] {
  const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return records.map((record) => ({
    method: record['Type'] ?? '',
    name: record['Name'] ?? '',
    requests: cell(record['Request Count']) ?? 0,
    failures: cell(record['Failure Count']) ?? 0,
    p50: cell(record['50%']),
    p95: cell(record['95%']),
    p99: cell(record['99%']),
  }));
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
