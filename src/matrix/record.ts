// What a finished cell leaves: one record, the CSV row with EXACTLY the columns, and
// the JSON form (the same plus what does not fit a fixed column). Pure.
import type { RunSummary } from '../report/summary.js';
import type { ScalingFigures } from '../target/timeline.js';
import type { Cell } from './plan.js';

/** the CSV's columns, in order: nothing added, nothing renamed (spreadsheets and scripts key on them) */
export const CSV_COLUMNS = ['Replicas', 'Workers', 'Users', 'RPS', 'Median_ms', 'P95_ms', 'P99_ms', 'Failures_Pct', 'Total_Requests', 'Duration_s', 'Timestamp', 'Status'] as const;

/** any worker above this during a cell means the load generator may have been the bottleneck */
export const WORKER_CPU_LIMIT = 90;

export type CellPhase = 'scale-target' | 'scale-workers' | 'run' | 'not-run';

export interface CellRecord {
  readonly key: string;
  readonly index: number;
  readonly replicas: number | null;
  readonly workers: number;
  readonly users: number;
  readonly spawnRate: number;
  readonly status: 'ok' | 'failed';
  /** why a failed cell failed, with the step it failed in */
  readonly cause?: string;
  readonly failedIn?: CellPhase;
  /** the highest CPU any worker reported during the cell (Locust's cpu_usage), when known */
  readonly peakWorkerCpu: number | null;
  /** peakWorkerCpu > WORKER_CPU_LIMIT: the numbers may describe the load generator, not the target */
  readonly cpuBound: boolean;
  readonly rps: number | null;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  readonly failureRatio: number | null;
  readonly requests: number | null;
  readonly durationSeconds: number | null;
  /** ISO time the cell started */
  readonly startedAt: string;
  /** wall time of the whole cell (scaling, run, settle, save), for the ETA */
  readonly wallSeconds: number;
  /** the cell's own results folder, relative to the sweep's */
  readonly dir: string;
  /** the system under test during the cell (scaling.csv's figures), when ltop followed a target */
  readonly scaling?: ScalingFigures;
}

export function okRecord(cell: Cell, summary: RunSummary, peakWorkerCpu: number | null, startedAt: number, endedAt: number): CellRecord {
  const totals = summary.totals;
  return {
    ...cellFields(cell, startedAt, endedAt),
    status: 'ok',
    peakWorkerCpu,
    cpuBound: peakWorkerCpu !== null && peakWorkerCpu > WORKER_CPU_LIMIT,
    rps: totals.rps,
    p50Ms: totals.p50Ms,
    p95Ms: totals.p95Ms,
    p99Ms: totals.p99Ms,
    failureRatio: totals.requests ? totals.failures / totals.requests : 0,
    requests: totals.requests,
    durationSeconds: summary.durationSeconds,
    ...(summary.scaling ? { scaling: summary.scaling } : {}),
  };
}

export function failedRecord(cell: Cell, failedIn: CellPhase, cause: string, peakWorkerCpu: number | null, startedAt: number, endedAt: number): CellRecord {
  return {
    ...cellFields(cell, startedAt, endedAt),
    status: 'failed',
    failedIn,
    cause,
    peakWorkerCpu,
    cpuBound: peakWorkerCpu !== null && peakWorkerCpu > WORKER_CPU_LIMIT,
    rps: null,
    p50Ms: null,
    p95Ms: null,
    p99Ms: null,
    failureRatio: null,
    requests: null,
    durationSeconds: null,
  };
}

function cellFields(cell: Cell, startedAt: number, endedAt: number) {
  return {
    key: cell.key,
    index: cell.index,
    replicas: cell.replicas,
    workers: cell.workers,
    users: cell.users,
    spawnRate: cell.spawnRate,
    startedAt: new Date(startedAt).toISOString(),
    wallSeconds: Math.round((endedAt - startedAt) / 100) / 10,
    dir: cell.key,
  };
}

const FAILED_IN: Readonly<Record<CellPhase, string>> = { 'scale-target': 'target not ready', 'scale-workers': 'workers not connected', run: 'run failed', 'not-run': 'not run' };

/**
 * The Status column: "ok", or "ok; worker CPU 97% > 90%" for a flagged cell, or
 * "failed; workers not connected: <cause>". The word before ";" is the machine-readable part.
 */
export function statusText(record: CellRecord): string {
  const cpu = record.cpuBound ? `worker CPU ${Math.round(record.peakWorkerCpu ?? 0)}% > ${WORKER_CPU_LIMIT}%` : '';
  if (record.status === 'ok') return cpu ? `ok; ${cpu}` : 'ok';
  return [`failed; ${FAILED_IN[record.failedIn ?? 'run']}: ${record.cause ?? 'unknown cause'}`, cpu].filter(Boolean).join('; ');
}

const round = (value: number | null, digits: number): string => (value === null ? '' : String(Math.round(value * 10 ** digits) / 10 ** digits));

export function csvRow(record: CellRecord): string[] {
  return [
    record.replicas === null ? '' : String(record.replicas),
    String(record.workers),
    String(record.users),
    round(record.rps, 1),
    round(record.p50Ms, 1),
    round(record.p95Ms, 1),
    round(record.p99Ms, 1),
    round(record.failureRatio === null ? null : record.failureRatio * 100, 2),
    record.requests === null ? '' : String(record.requests),
    round(record.durationSeconds, 1),
    record.startedAt,
    statusText(record),
  ];
}
