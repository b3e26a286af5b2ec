// A real sweep: the local platform, the pinned Locust (runtime/.venv), the demo target, 2 x 2
// short cells. Interrupted in its third cell, then resumed: only the missing cells run again.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { startMatrixRunner } from '../../src/app/matrix-runner.js';
import { COMMON, resolveOptions } from '../../src/cli/options.js';
import type { MatrixPlan } from '../../src/matrix/plan.js';
import { loadSweep } from '../../src/matrix/store.js';
import { runSweep } from '../../src/matrix/sweep.js';
import type { RunSummary } from '../../src/report/summary.js';

const plan: MatrixPlan = { replicas: null, workers: [1, 2], users: [5, 10], durationSeconds: 3, cooldownSeconds: 0, spawnRate: 10 };

async function runner(dir: string) {
  // the runner `ltop matrix` starts: the local platform, its session and the demo target's feed
  const options = resolveOptions({ demoLatencyMs: 5, scenario: 'jsonplaceholder', workers: plan.workers[0]! }, COMMON);
  return (await startMatrixRunner({ options, dir, scalesTarget: false, readyTimeoutMs: 60_000 })).runner;
}

describe('a real 2x2 sweep on the local platform', () => {
  it('writes every cell, the CSV and the report; after an interruption --resume runs only the missing cells', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'ltop-sweep-')), 'matrix-test');
    const abort = new AbortController();
    const first = await runner(dir);
    const ranFirst: string[] = [];
    try {
      const stopped = await runSweep({
        plan,
        runner: first,
        dir,
        signal: abort.signal,
        onEvent: (event) => {
          if (event.type === 'matrix/step' && event.step === 'run') {
            ranFirst.push(event.cell.key);
            // the third cell is cut off a second into its run, as by Ctrl+C
            if (event.cell.index === 2) setTimeout(() => abort.abort(), 1000);
          }
        },
      });
      assert.equal(stopped.state, 'stopped');
      assert.deepEqual(stopped.cells.map((record) => `${record.key} ${record.status}`), ['w1-u5 ok', 'w1-u10 ok']);
    } finally {
      await first.close();
    }
    assert.deepEqual(ranFirst, ['w1-u5', 'w1-u10', 'w2-u5']);
    const previous = await loadSweep(dir);
    assert.equal(previous.state, 'stopped');

    const second = await runner(dir);
    const ranSecond: string[] = [];
    try {
      const resumed = await runSweep({ plan: previous.plan, runner: second, dir, previous, onEvent: (event) => void (event.type === 'matrix/step' && event.step === 'run' && ranSecond.push(event.cell.key)) });
      assert.equal(resumed.state, 'completed');
      assert.equal(resumed.skipped, 2);
    } finally {
      await second.close();
    }
    assert.deepEqual(ranSecond, ['w2-u5', 'w2-u10'], 'only the missing cells ran');

    const rows = parse(readFileSync(path.join(dir, 'matrix.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    assert.deepEqual(rows.map((row) => `${row['Workers']}x${row['Users']}`), ['1x5', '1x10', '2x5', '2x10']);
    // 2 shared cores: a worker may really pass 90 % here; what matters is that Status says so exactly then
    const sweep = await loadSweep(dir);
    for (const [index, row] of rows.entries()) {
      const record = sweep.cells[index]!;
      assert.equal(row['Status'], record.cpuBound ? `ok; worker CPU ${Math.round(record.peakWorkerCpu ?? 0)}% > 90%` : 'ok');
    }
    for (const row of rows) {
      assert.ok(Number(row['Total_Requests']) > 0 && Number(row['RPS']) > 0, JSON.stringify(row));
      assert.ok(Number(row['Duration_s']) >= 2.5 && Number(row['Duration_s']) < 10, `duration ${row['Duration_s']}`);
      const cell = path.join(dir, `w${row['Workers']}-u${row['Users']}`);
      for (const file of ['summary.json', 'requests.csv', 'failures.csv', 'report.html', 'scaling.csv']) assert.ok(existsSync(path.join(cell, file)), `${cell}/${file}`);
      const summary = JSON.parse(readFileSync(path.join(cell, 'summary.json'), 'utf8')) as RunSummary;
      // the cell's own part of the scaling timeline: the demo target's one process, the cell's users
      const scaling = parse(readFileSync(path.join(cell, 'scaling.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
      assert.ok(scaling.length >= 1 && scaling.every((sample) => sample['demo-target_ready'] === '1'), JSON.stringify(scaling));
      assert.ok(scaling.every((sample) => Number(sample['users']) <= Number(row['Users'])), 'no sample of another cell');
      assert.equal(summary.scaling?.maxReady, 1);
      assert.equal(summary.scaling?.loadLevelUsers, Number(row['Users']));
      assert.equal(summary.totals.requests, Number(row['Total_Requests']), 'the CSV row is the cell\'s own summary');
      assert.equal(summary.workers.connected, Number(row['Workers']), 'the cell ran with its worker count');
      assert.equal(summary.users, Number(row['Users']));
    }
    assert.ok(!existsSync(path.join(dir, '.staging')), 'no staging folder left');
    const report = readFileSync(path.join(dir, 'report.md'), 'utf8');
    assert.match(report, /Completed: 4 of 4 cells recorded/);
    assert.match(report, /- Success rate: 4\/4 cells \(100%\)/);
    assert.match(report, /## Knee per replica count\n\n- the target: /);
    assert.ok(sweep.cells.every((record) => record.peakWorkerCpu !== null && record.peakWorkerCpu > 0), `worker CPU sampled: ${sweep.cells.map((record) => record.peakWorkerCpu).join(', ')}`);
  });
});
