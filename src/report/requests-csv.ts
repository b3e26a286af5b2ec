// Locust's /stats/requests/csv, read whole: the summary is computed from the very text that is
// saved as requests.csv, so the two can never disagree. Pure.
import { parse } from 'csv-parse/sync';

export interface RequestsCsvRow {
  readonly method: string;
  readonly name: string;
  readonly requests: number;
  readonly failures: number;
  readonly medianMs: number | null;
  readonly avgMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly avgSize: number;
  /** Locust's own whole-run rate for this row: requests / (last request - stats start) */
  readonly rps: number;
  readonly failPerSec: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
}

function cell(value: string | undefined): number | null {
  if (value === undefined || value === '' || value === 'N/A') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

export interface RequestsCsv {
  readonly endpoints: readonly RequestsCsvRow[];
  /** the "Aggregated" row; null when Locust wrote none */
  readonly total: RequestsCsvRow | null;
}

export function readRequestsCsv(text: string): RequestsCsv {
  const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const rows = records.map(
    (record): RequestsCsvRow => ({
      method: record['Type'] ?? '',
      name: record['Name'] ?? '',
      requests: cell(record['Request Count']) ?? 0,
      failures: cell(record['Failure Count']) ?? 0,
      medianMs: cell(record['Median Response Time']),
      avgMs: cell(record['Average Response Time']) ?? 0,
      minMs: cell(record['Min Response Time']) ?? 0,
      maxMs: cell(record['Max Response Time']) ?? 0,
      avgSize: cell(record['Average Content Size']) ?? 0,
      rps: cell(record['Requests/s']) ?? 0,
      failPerSec: cell(record['Failures/s']) ?? 0,
      p50Ms: cell(record['50%']),
      p95Ms: cell(record['95%']),
      p99Ms: cell(record['99%']),
    }),
  );
  const total = rows.find((row) => row.name === 'Aggregated' && row.method === '') ?? rows.find((row) => row.name === 'Aggregated') ?? null;
  return { endpoints: rows.filter((row) => row !== total), total };
}
