// A real run's summary: Locust 2.46.3's /stats/requests after a stop, through ltop's own summarize().
import type { LocustSnapshot } from '../../src/locust/snapshot.js';
import { summarize, type RunSummary } from '../../src/report/summary.js';
import { fixtureSnapshot } from '../support/fixtures.js';

export const STARTED_AT = 1_800_000_000_000;

export function realSnapshot(state: 'running' | 'stopped' = 'stopped'): LocustSnapshot {
  return fixtureSnapshot(`2.46.3-stats-${state}.json`);
}

/** 647 requests, 146 failures, p50 4 / p95 7 / p99 8 ms, max 10 ms, 32.4 rps over 20 s. */
export function realSummary(overrides: { durationSeconds?: number; startedAt?: number; scenario?: string } = {}): RunSummary {
  const startedAt = overrides.startedAt ?? STARTED_AT;
  return summarize(null, realSnapshot(), {
    scenario: overrides.scenario ?? 'jsonplaceholder',
    platform: 'local',
    targetHost: 'http://127.0.0.1:8089',
    startedAt,
    endedAt: startedAt + (overrides.durationSeconds ?? 20) * 1000,
    expectedWorkers: 2,
    users: 10,
    reason: 'end of run',
    versions: { ltop: '0.1.0', locust: '2.46.3', node: '22.23.3' },
  });
}

/** The same run with every latency scaled and the request counts scaled: a slower or faster build. */
export function scaledSummary(latencyFactor: number, requestFactor = 1): RunSummary {
  const base = realSummary();
  const scale = <T extends RunSummary['endpoints'][number]>(row: T): T => ({
    ...row,
    requests: Math.round(row.requests * requestFactor),
    failures: Math.round(row.failures * requestFactor),
    p50Ms: row.p50Ms === null ? null : row.p50Ms * latencyFactor,
    p95Ms: row.p95Ms === null ? null : row.p95Ms * latencyFactor,
    p99Ms: row.p99Ms === null ? null : row.p99Ms * latencyFactor,
    avgMs: row.avgMs * latencyFactor,
    maxMs: row.maxMs * latencyFactor,
  });
  return { ...base, totals: { ...scale(base.totals), rps: base.totals.rps * requestFactor }, endpoints: base.endpoints.map(scale) };
}
