// The JSON summary of a run: what CI and people read after the fact. Pure.
// Totals and endpoints come from the requests CSV saved beside it (one picture); only when the
// master is gone do they come from the last snapshot ltop held, and the summary says so.
import type { ScalingFigures } from '../target/timeline.js';
import type { EndpointStats, LocustSnapshot } from '../locust/snapshot.js';
import type { RequestsCsv, RequestsCsvRow } from '../locust/requests-csv.js';

/** Why these numbers were saved now. */
export type SaveReason = 'stop' | 'end of run' | 'quit' | 'teardown' | 'reset' | 'scenario switch' | 'new swarm' | 'signal' | 'check-abort' | 'budget';

export interface RunMeta {
  readonly scenario: string;
  readonly platform: string;
  readonly targetHost: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly expectedWorkers: number;
  /** users asked for (the snapshot after a stop says 0) */
  readonly users: number;
  readonly reason: SaveReason;
  /** set when the master could not be asked: the numbers are the last ltop held */
  readonly partialCause?: string;
  readonly versions: { readonly ltop: string; readonly locust: string; readonly node: string };
}

export interface EndpointSummary {
  readonly method: string;
  readonly name: string;
  readonly requests: number;
  readonly failures: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  readonly avgMs: number;
  readonly maxMs: number;
}

export interface RunSummary {
  readonly scenario: string;
  readonly platform: string;
  readonly targetHost: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationSeconds: number;
  /** the master's state when saved: stopped after a stop; running when a cluster keeps the test */
  readonly state: string;
  readonly reason: SaveReason;
  /** true when the master was gone: totals are the last numbers ltop held, the CSVs are missing */
  readonly partial: boolean;
  readonly partialCause?: string;
  readonly users: number;
  readonly workers: { readonly expected: number; readonly connected: number; readonly missing: number };
  /** rps is requests / durationSeconds: the one definition the endpoints, the gates and matrix.csv use */
  readonly totals: EndpointSummary & { readonly failureRatio: number; readonly rps: number };
  readonly endpoints: readonly EndpointSummary[];
  readonly errors: readonly { readonly method: string; readonly name: string; readonly message: string; readonly occurrences: number }[];
  readonly versions: RunMeta['versions'];
  /** the scaling timeline's figures (scaling.csv beside it), when ltop sampled one */
  readonly scaling?: ScalingFigures;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

function fromCsv(row: RequestsCsvRow): EndpointSummary {
  return { method: row.method, name: row.name, requests: row.requests, failures: row.failures, p50Ms: row.p50Ms, p95Ms: row.p95Ms, p99Ms: row.p99Ms, avgMs: round2(row.avgMs), maxMs: round2(row.maxMs) };
}

function fromSnapshot(row: EndpointStats): EndpointSummary {
  return { method: row.method, name: row.name, requests: row.requests, failures: row.failures, p50Ms: row.p50, p95Ms: row.p95, p99Ms: row.p99, avgMs: round2(row.avg), maxMs: round2(row.max) };
}

export function summarize(csv: RequestsCsv | null, snapshot: LocustSnapshot, meta: RunMeta): RunSummary {
  const durationSeconds = Math.max(0, (meta.endedAt - meta.startedAt) / 1000);
  const csvTotal = csv?.total ?? null;
  const total = csvTotal ? fromCsv(csvTotal) : fromSnapshot(snapshot.total);
  // One definition of RPS everywhere (the total, the endpoints, the gates, matrix.csv): requests
  // over the run's own duration. Locust's "Aggregated Requests/s" counts from its own first
  // request, so it disagrees with requests / duration_s.
  // (over the duration summary.json states, so RPS x duration_s = requests to the rounding)
  const statedSeconds = Math.round(durationSeconds * 10) / 10;
  const rps = statedSeconds > 0 ? total.requests / statedSeconds : 0;
  return {
    scenario: meta.scenario,
    platform: meta.platform,
    targetHost: meta.targetHost,
    startedAt: new Date(meta.startedAt).toISOString(),
    endedAt: new Date(meta.endedAt).toISOString(),
    durationSeconds: statedSeconds,
    state: snapshot.state,
    reason: meta.reason,
    partial: meta.partialCause !== undefined,
    ...(meta.partialCause !== undefined ? { partialCause: meta.partialCause } : {}),
    users: Math.max(snapshot.users, meta.users),
    workers: {
      expected: meta.expectedWorkers,
      connected: snapshot.workers.filter((worker) => worker.state !== 'missing').length,
      missing: snapshot.workers.filter((worker) => worker.state === 'missing').length,
    },
    totals: { ...total, failureRatio: total.requests ? total.failures / total.requests : 0, rps: Math.round(rps * 10) / 10 },
    endpoints: csv && csvTotal ? csv.endpoints.map(fromCsv) : snapshot.endpoints.map(fromSnapshot),
    errors: snapshot.errors.map((error) => ({ ...error })),
    versions: meta.versions,
  };
}
