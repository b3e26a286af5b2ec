import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { SweepEvent } from '../../src/matrix/events.js';
import type { MatrixPlan } from '../../src/matrix/plan.js';
import { CSV_COLUMNS } from '../../src/matrix/record.js';
import { loadSweep } from '../../src/matrix/store.js';
import { runSweep } from '../../src/matrix/sweep.js';
import { fakeRunner } from './fake-runner.js';

const plan = (overrides: Partial<MatrixPlan> = {}): MatrixPlan => ({ replicas: [1, 2], workers: [2, 4], users: [20, 40, 80, 160], durationSeconds: 10, cooldownSeconds: 3, spawnRate: null, ...overrides });
const dir = (): string => mkdtempSync(path.join(tmpdir(), 'ltop-matrix-'));
const noSleep = async (): Promise<void> => undefined;

function csv(folder: string): string[][] {
  return parse(readFileSync(path.join(folder, 'matrix.csv'), 'utf8')) as string[][];
}

describe('the sweep with a fake runner', () => {
  it('runs every cell in order (replicas, workers, users rising), scales before each, cools down between, writes CSV, JSON and report', async () => {
    const folder = dir();
    const runner = fakeRunner();
    const sleeps: number[] = [];
    const events: SweepEvent[] = [];
    const result = await runSweep({ plan: plan(), runner, dir: folder, sleep: async (ms) => void sleeps.push(ms), onEvent: (event) => events.push(event) });
    assert.equal(result.state, 'completed');
    assert.equal(result.ran, 16);
    assert.deepEqual(runner.calls.slice(0, 6), ['target 1', 'workers 2', 'run 20@20 10s -> r1-w2-u20', 'target 1', 'workers 2', 'run 40@40 10s -> r1-w2-u40']);
    assert.equal(runner.calls.at(-1), 'run 160@160 10s -> r2-w4-u160');
    assert.deepEqual(sleeps, Array(15).fill(3000), 'a cooldown between cells, none after the last');
    const rows = csv(folder);
    assert.deepEqual(rows[0], [...CSV_COLUMNS]);
    assert.deepEqual(rows[0], ['Replicas', 'Workers', 'Users', 'RPS', 'Median_ms', 'P95_ms', 'P99_ms', 'Failures_Pct', 'Total_Requests', 'Duration_s', 'Timestamp', 'Status']);
    assert.equal(rows.length, 17);
    assert.deepEqual(rows[1]?.slice(0, 10), ['1', '2', '20', '40', '10', '20', '24', '1', '400', '10']);
    assert.match(rows[1]?.[10] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(rows[1]?.[11], 'ok');
    for (const file of ['matrix.json', 'report.md', 'r1-w2-u20/summary.json', 'r2-w4-u160/summary.json']) assert.ok(existsSync(path.join(folder, file)), file);
    assert.equal((await loadSweep(folder)).state, 'completed');
    assert.deepEqual(events.map((event) => event.type).filter((type, index, all) => all.indexOf(type) === index), ['matrix/started', 'matrix/cell-started', 'matrix/step', 'matrix/cell-done', 'matrix/finished']);
  });

  it('the CSV is rewritten after every cell: what a crash would leave is every finished cell', async () => {
    const folder = dir();
    const seen: number[] = [];
    await runSweep({ plan: plan({ replicas: null, workers: [1], users: [5, 10, 20] }), runner: fakeRunner({}, false), dir: folder, sleep: noSleep, onEvent: (event) => {
      if (event.type === 'matrix/cell-done') seen.push(csv(folder).length - 1);
    } });
    assert.deepEqual(seen, [1, 2, 3]);
    assert.deepEqual(csv(folder)[1]?.slice(0, 3), ['', '1', '5'], 'no replicas: the column stays, empty');
  });

  it('a failed cell is recorded with Status and cause, and the sweep goes on', async () => {
    const folder = dir();
    const runner = fakeRunner({
      failTarget: (replicas) => (replicas === 2 ? 'timed out after 120 s waiting for 2/2 pods of deployment/api to be ready' : null),
      failWorkers: (workers) => (workers === 4 ? 'timed out after 60 s waiting for 4 workers to connect to the master' : null),
    });
    const result = await runSweep({ plan: plan({ users: [20, 40] }), runner, dir: folder, sleep: noSleep });
    assert.equal(result.state, 'completed');
    const status = Object.fromEntries(csv(folder).slice(1).map((row) => [`r${row[0]}-w${row[1]}-u${row[2]}`, row[11]]));
    assert.equal(status['r1-w2-u20'], 'ok');
    assert.equal(status['r1-w4-u20'], 'failed; workers not connected: timed out after 60 s waiting for 4 workers to connect to the master');
    assert.equal(status['r2-w2-u40'], 'failed; target not ready: timed out after 120 s waiting for 2/2 pods of deployment/api to be ready');
    const failedRow = csv(folder).find((row) => row[0] === '2');
    assert.deepEqual(failedRow?.slice(3, 10), ['', '', '', '', '', '', ''], 'no numbers for a cell that did not run');
    const sweep = await loadSweep(folder);
    assert.equal(sweep.cells.find((record) => record.key === 'r2-w2-u20')?.failedIn, 'scale-target');
    assert.match(readFileSync(path.join(folder, 'report.md'), 'utf8'), /Success rate: 2\/8 cells \(25%\)/);
  });

  it('a worker above 90 % CPU flags its cell in the Status column, the JSON and the report', async () => {
    const folder = dir();
    await runSweep({ plan: plan({ replicas: null, workers: [1, 2], users: [20, 40] }), runner: fakeRunner({ cpu: (workers, users) => (workers === 1 && users === 40 ? 97.4 : 45) }, false), dir: folder, sleep: noSleep });
    const rows = csv(folder);
    assert.equal(rows[2]?.[11], 'ok; worker CPU 97% > 90%');
    assert.equal(rows[1]?.[11], 'ok');
    const sweep = await loadSweep(folder);
    assert.deepEqual(sweep.cells.filter((record) => record.cpuBound).map((record) => [record.key, record.peakWorkerCpu]), [['w1-u40', 97.4]]);
    assert.match(readFileSync(path.join(folder, 'report.md'), 'utf8'), /\*\*Load generator near its limit\*\* \(a worker above 90 % CPU\) in w1-u40 \(97 %\)/);
  });

  it('a stop mid-cell leaves that cell unrecorded; --resume runs only the missing (and failed) cells', async () => {
    const folder = dir();
    const abort = new AbortController();
    const first = fakeRunner({
      during: (spec) => {
        if (path.basename(spec.dir) === 'w2-u40') abort.abort();
      },
      failRun: (spec) => (path.basename(spec.dir) === 'w1-u40' ? 'Locust master at http://127.0.0.1:1 unreachable (ECONNREFUSED)' : null),
    });
    const stopped = await runSweep({ plan: plan({ replicas: null, workers: [1, 2], users: [20, 40] }), runner: first, dir: folder, sleep: noSleep, signal: abort.signal });
    assert.equal(stopped.state, 'stopped');
    assert.deepEqual(stopped.cells.map((record) => `${record.key} ${record.status}`), ['w1-u20 ok', 'w1-u40 failed', 'w2-u20 ok']);
    const previous = await loadSweep(folder);
    assert.equal(previous.state, 'stopped');
    const second = fakeRunner();
    const resumed = await runSweep({ plan: previous.plan, runner: second, dir: folder, previous, sleep: noSleep });
    assert.equal(resumed.state, 'completed');
    assert.equal(resumed.skipped, 2);
    assert.deepEqual(second.calls.filter((call) => call.startsWith('run')), ['run 40@40 10s -> w1-u40', 'run 40@40 10s -> w2-u40']);
    assert.deepEqual(csv(folder).slice(1).map((row) => `${row[1]}/${row[2]} ${row[11]}`), ['1/20 ok', '1/40 ok', '2/20 ok', '2/40 ok']);
    assert.equal((await loadSweep(folder)).startedAt, previous.startedAt, 'the sweep keeps its start');
  });

  it('--replicas on a platform that cannot scale a target: each cell fails with the reason', async () => {
    const folder = dir();
    await runSweep({ plan: plan({ replicas: [1], workers: [1], users: [5] }), runner: fakeRunner({}, false), dir: folder, sleep: noSleep });
    assert.match(csv(folder)[1]?.[11] ?? '', /^failed; target not ready: this platform cannot scale the target/);
  });
});
