import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { findKnee, kneeReasons, kneesPerReplicas } from '../../src/matrix/knee.js';
import { planCells } from '../../src/matrix/plan.js';
import { okRecord, failedRecord, type CellRecord } from '../../src/matrix/record.js';
import { sweepStats } from '../../src/matrix/stats.js';
import { runSweep } from '../../src/matrix/sweep.js';
import { fakeRunner, modelSummary } from './fake-runner.js';

const point = (users: number, rps: number, p95Ms: number) => ({ users, workers: 2, rps, p95Ms, cpuBound: false });

/** records for one replica count from (users, rps, p95) triples */
function records(replicas: number | null, rows: [number, number, number][]): CellRecord[] {
  const cells = planCells({ replicas: replicas === null ? null : [replicas], workers: [2], users: rows.map(([users]) => users), durationSeconds: 10, cooldownSeconds: 0, spawnRate: null });
  return cells.map((cell, index) => {
    const [, rps, p95] = rows[index]!;
    const summary = modelSummary(cell.users, 1);
    return okRecord(cell, { ...summary, totals: { ...summary.totals, rps, p95Ms: p95 } }, 40, 0, 10_000);
  });
}

describe('the knee rule', () => {
  it('p95 rising sharply means at least 1.5x AND at least 10 ms more than the level before', () => {
    assert.deepEqual(kneeReasons(point(10, 20, 20), point(20, 40, 30)), ['p95'], '1.5x and +10 ms');
    assert.deepEqual(kneeReasons(point(10, 20, 20), point(20, 40, 29)), [], 'under 1.5x');
    assert.deepEqual(kneeReasons(point(10, 20, 4), point(20, 40, 12)), [], '3x but only +8 ms: noise on a fast target');
  });

  it('RPS stopping growing means growth under a quarter of the users\' growth', () => {
    assert.deepEqual(kneeReasons(point(10, 100, 20), point(20, 124, 20)), ['rps'], 'users +100 %, RPS +24 %');
    assert.deepEqual(kneeReasons(point(10, 100, 20), point(20, 126, 20)), [], 'RPS +26 % is still growing');
    assert.deepEqual(kneeReasons(point(100, 100, 20), point(150, 112, 20)), ['rps'], 'users +50 %, RPS +12 % (< 12.5 %)');
    assert.deepEqual(kneeReasons(point(10, 100, 20), point(20, 90, 45)), ['p95', 'rps']);
  });

  it('the knee is the first level that bends, with the level before as the recommendation', () => {
    const knee = findKnee(records(2, [[50, 100, 20], [100, 198, 22], [200, 240, 80], [400, 250, 400]]), 2);
    assert.equal(knee.at?.users, 200);
    assert.deepEqual(knee.reasons, ['p95', 'rps']);
    assert.equal(knee.recommendation, '2 replicas: knee at 200 users (p95 22 ms -> 80 ms, RPS +21% for +100% users); plan for at most 100 users (198 rps at p95 22 ms)');
  });

  it('no knee, or too few points, is said as such', () => {
    assert.equal(findKnee(records(1, [[10, 20, 5], [20, 40, 6], [40, 80, 6]]), 1).recommendation, '1 replica: no knee up to 40 users (80.0 rps at p95 6 ms); sweep higher user counts to find the limit');
    assert.equal(findKnee(records(null, [[10, 20, 5]]), null).recommendation, 'the target: fewer than two successful user levels, no knee can be read');
  });

  it('at each user level the best cell counts; failed cells are left out', () => {
    const cells = planCells({ replicas: [1], workers: [1, 4], users: [10, 20], durationSeconds: 10, cooldownSeconds: 0, spawnRate: null });
    const summary = (rps: number, p95: number) => ({ ...modelSummary(10, 1), totals: { ...modelSummary(10, 1).totals, rps, p95Ms: p95 } });
    const list = [
      okRecord(cells[0]!, summary(20, 10), 95, 0, 1),     // w1 u10: generator-bound
      failedRecord(cells[1]!, 'run', 'master gone', null, 0, 1), // w1 u20
      okRecord(cells[2]!, summary(25, 10), 40, 0, 1),     // w4 u10
      okRecord(cells[3]!, summary(50, 12), 40, 0, 1),     // w4 u20
    ];
    const knee = findKnee(list, 1);
    assert.deepEqual(knee.series.map((entry) => [entry.users, entry.workers, entry.rps]), [[10, 4, 25], [20, 4, 50]]);
    assert.equal(knee.at, null);
    const stats = sweepStats(list);
    assert.equal(stats.bestThroughput?.key, 'r1-w4-u20');
    assert.equal(stats.bestLatency?.key, 'r1-w1-u10');
    assert.equal(stats.cpuBoundCells, 1);
    assert.equal(stats.cellSuccessRate, 0.75);
  });

  it('a whole sweep against a saturating target: the report names each replica count\'s knee', async () => {
    // 100 rps per replica, 2 rps per user: 1 replica saturates past 50 users, 2 past 100
    const folder = mkdtempSync(path.join(tmpdir(), 'ltop-knee-'));
    const result = await runSweep({ plan: { replicas: [1, 2], workers: [2], users: [25, 50, 100, 200], durationSeconds: 10, cooldownSeconds: 0, spawnRate: 10 }, runner: fakeRunner(), dir: folder, sleep: async () => undefined });
    const knees = kneesPerReplicas(result.cells);
    assert.deepEqual(knees.map((knee) => knee.at?.users), [100, 200]);
    const report = readFileSync(path.join(folder, 'report.md'), 'utf8');
    assert.match(report, /^# ltop matrix, started /);
    assert.match(report, /\| Replicas \| Workers \| Users \| RPS \| Median_ms \| P95_ms \| P99_ms \| Failures_Pct \| Total_Requests \| Duration_s \| Timestamp \| Status \| Worker_CPU_max \|/);
    assert.match(report, /- Best throughput: 200 rps at p95 20 ms \(2 replicas, 2 workers, 100 users\)/);
    assert.match(report, /- Best latency: 50 rps at p95 20 ms \(1 replica, 2 workers, 25 users\)/);
    assert.match(report, /- Success rate: 8\/8 cells \(100%\); 99(\.\d+)?% of requests succeeded/);
    assert.match(report, /- 1 replica: knee at 100 users \(p95 20 ms -> 220 ms, RPS \+0% for \+100% users\); plan for at most 50 users \(100 rps at p95 20 ms\)/);
    assert.match(report, /- 2 replicas: knee at 200 users .*plan for at most 100 users/);
    assert.match(report, /Rule: along rising users/);
  });
});
