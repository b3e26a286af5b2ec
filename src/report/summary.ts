// The JSON summary of a run: what CI and people read after the fact. Pure.
import type { EndpointStats, LocustSnapshot } from '../locust/snapshot.js';

export interface RunMeta {
  readonly scenario: string;
  readonly platform: string;
  readonly targetHost: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly expectedWorkers: number;
  /** users asked for (the snapshot after a stop says 0) */
  readonly users: number;
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
  readonly state: string;
  readonly users: number;
  readonly workers: { readonly expected: number; readonly connected: number; readonly missing: number };
  readonly totals: EndpointSummary & { readonly failureRatio: number; readonly rps: number };
  readonly endpoints: readonly EndpointSummary[];
  readonly errors: readonly { readonly method: string; readonly name: string; readonly message: string; readonly occurrences: number }[];
  readonly versions: RunMeta['versions'];
}

function endpointSummary(row: EndpointStats): EndpointSummary {
  return {
    method: row.method,
    name: row.name,
    requests: row.requests,
    failures: row.failures,
    p50Ms: row.p50,
    p95Ms: row.p95,
    p99Ms: row.p99,
    avgMs: Math.round(row.avg * 100) / 100,
    maxMs: Math.round(row.max * 100) / 100,
  };
}

export function summarize(snapshot: LocustSnapshot, meta: RunMeta): RunSummary {
  const durationSeconds = Math.max(0, (meta.endedAt - meta.startedAt) / 1000);
  const total = endpointSummary(snapshot.total);
  return {
    scenario: meta.scenario,
    platform: meta.platform,
    targetHost: meta.targetHost,
    startedAt: new Date(meta.startedAt).toISOString(),
    endedAt: new Date(meta.endedAt).toISOString(),
    durationSeconds: Math.round(durationSeconds * 10) / 10,
    state: snapshot.state,
    users: Math.max(snapshot.users, meta.users),
    workers: {
      expected: meta.expectedWorkers,
      connected: snapshot.workers.filter((worker) => worker.state !== 'missing').length,
      missing: snapshot.workers.filter((worker) => worker.state === 'missing').length,
    },
    totals: {
      ...total,
      failureRatio: total.requests ? total.failures / total.requests : 0,
      // whole-run average: what a report should quote, unlike the rolling rate on screen
      rps: durationSeconds > 0 ? Math.round((total.requests / durationSeconds) * 10) / 10 : 0,
    },
    endpoints: snapshot.endpoints.map(endpointSummary),
    errors: snapshot.errors.map((error) => ({ ...error })),
    versions: meta.versions,
  };
}
