import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { SweepEvent } from '../../src/matrix/events.js';
import { CELL_OVERHEAD_SECONDS, initialMatrixProgress, matrixReducer, progressBar, progressView, type MatrixProgress } from '../../src/matrix/progress.js';
import { runSweep } from '../../src/matrix/sweep.js';
import { matrixChartLines, matrixSummaryLines, matrixTableLines } from '../../src/matrix/terminal.js';
import { fakeRunner } from './fake-runner.js';

/** A sweep on a fake clock: each call to now() advances 1 s, so wall times are known. */
async function recordedSweep(replicas: number[] | null = [1, 2]) {
  let clock = 1_800_000_000_000;
  const events: SweepEvent[] = [];
  const folder = mkdtempSync(path.join(tmpdir(), 'ltop-progress-'));
  const result = await runSweep({
    plan: { replicas, workers: [2], users: [25, 50, 100, 200], durationSeconds: 10, cooldownSeconds: 5, spawnRate: 10 },
    runner: fakeRunner({ cpu: (_, users) => (users === 200 ? 96 : 40) }),
    dir: folder,
    now: () => (clock += 1000),
    sleep: async (ms) => void (clock += ms),
    onEvent: (event) => events.push(event),
  });
  return { events, result, folder, now: () => clock };
}

describe('the matrix progress model', () => {
  it('follows the sweep: current cell and step, records in cell order, then finished', async () => {
    const { events } = await recordedSweep();
    let state: MatrixProgress = initialMatrixProgress;
    const seen: string[] = [];
    for (const event of events) {
      state = matrixReducer(state, event);
      const view = progressView(state, event.at);
      if (event.type === 'matrix/step' && event.step === 'run') seen.push(view.currentLine ?? '');
    }
    assert.equal(seen[0], 'cell 1/8 r1-w2-u25 · run 00:00/00:10');
    assert.equal(seen[7], 'cell 8/8 r2-w2-u200 · run 00:00/00:10');
    assert.equal(state.state, 'completed');
    assert.equal(state.current, null);
    assert.deepEqual(state.records.map((record) => record.key).slice(0, 2), ['r1-w2-u25', 'r1-w2-u50']);
    const view = progressView(state, 0);
    assert.deepEqual([view.done, view.total, view.fraction, view.failed, view.flagged, view.etaSeconds], [8, 8, 1, 0, 2, null]);
  });

  it('ETA: cells left times the measured cell time plus cooldown, less what the running cell has done', async () => {
    const { events } = await recordedSweep();
    let state: MatrixProgress = initialMatrixProgress;
    // stop after the third cell started: two done
    let started = 0;
    for (const event of events) {
      if (event.type === 'matrix/cell-started' && started === 0) {
        // before any cell is measured: 8 x (10 s + the stop, settle and save + 5 s cooldown), less the last cooldown
        assert.equal(progressView(matrixReducer(state, event), event.at).etaSeconds, 8 * (10 + CELL_OVERHEAD_SECONDS + 5) - 5);
      }
      if (event.type === 'matrix/cell-started' && ++started === 3) {
        state = matrixReducer(state, event);
        const wall = state.records[0]!.wallSeconds;
        assert.equal(state.records.length, 2);
        // 6 cells left (the running one included) x (wall + 5 s cooldown), minus the last cooldown
        assert.equal(progressView(state, event.at).etaSeconds, Math.round(6 * (wall + 5) - 5));
        assert.equal(progressView(state, event.at + 2000).etaSeconds, Math.round(6 * (wall + 5) - 5 - 2));
        const bar = progressBar(progressView(state, event.at), 40);
        assert.equal(bar.length, 40);
        assert.match(bar, /^\[#{6}-{16}\]  2\/8  ETA 00:\d\d$/);
        return;
      }
      state = matrixReducer(state, event);
    }
    assert.fail('the third cell never started');
  });

  it('a resumed sweep starts with the resumed cells done', () => {
    const state = matrixReducer(initialMatrixProgress, { type: 'matrix/started', plan: { replicas: null, workers: [1], users: [5, 10], durationSeconds: 5, cooldownSeconds: 0, spawnRate: null }, cells: [], dir: 'd', at: 0, resumed: [] });
    assert.equal(state.state, 'running');
    assert.equal(progressView(state, 0).etaSeconds, 0);
  });
});

describe('the terminal summary', () => {
  it('a table with Status (CPU flags included), two charts with the user levels on the x axis, the knees', async () => {
    const { result, folder } = await recordedSweep();
    const table = matrixTableLines(result.cells);
    assert.match(table[0]!, /^Replicas\s+Workers\s+Users\s+RPS\s+p50\s+p95\s+p99\s+Fail%\s+Requests\s+Status$/);
    assert.match(table[4]!, /^\s+1\s+2\s+200\s+100\s+310\s+620\s+744\s+1\.0%\s+1000\s+ok; worker CPU 96% > 90%$/);
    const charts = matrixChartLines(result.cells, { width: 80, height: 6, color: false });
    assert.equal(charts.length, 2 * (6 + 2));
    assert.match(charts[0]!, /^RPS against users\s+━ 1 replica\s+━ 2 replicas$/);
    assert.match(charts[7]!, /^\s+25\s+50\s+100\s+200  users$/);
    assert.ok(charts.every((line) => line.length <= 80), 'fits 80 columns');
    assert.ok(charts.every((line) => !line.includes('\u001b')), 'no colour when asked for none');
    assert.ok(matrixChartLines(result.cells, { width: 80, height: 6, color: true }).some((line) => line.includes('\u001b[')), 'colour otherwise');
    const summary = matrixSummaryLines(result.cells, folder, { width: 80, height: 6, color: false });
    assert.ok(summary.includes('1 replica: knee at 100 users (p95 20 ms -> 220 ms, RPS +0% for +100% users); plan for at most 50 users (100 rps at p95 20 ms)'));
    assert.match(readFileSync(path.join(folder, 'report.md'), 'utf8'), /## RPS and p95 against users\n\n```text\nRPS against users/);
  });

  it('after the hold says stop, settle, save; during a cooldown with cells pending the ETA is not 00:00; before the plan, no 0/0', async () => {
    const { events } = await recordedSweep(null);
    let state: MatrixProgress = initialMatrixProgress;
    assert.equal(progressBar(progressView(state, 0), 60), 'starting the platform…');
    let overrun = '';
    let cooling: number | null = null;
    for (const event of events) {
      state = matrixReducer(state, event);
      if (event.type === 'matrix/step' && event.step === 'run' && !overrun) overrun = progressView(state, event.at + 13_000).currentLine ?? '';
      if (event.type === 'matrix/step' && event.step === 'cooldown' && cooling === null) cooling = progressView(state, event.at + 1000).etaSeconds;
    }
    assert.equal(overrun, 'cell 1/4 w2-u25 · stop, settle, save 00:03');
    assert.ok(cooling !== null && cooling >= 2 * 5 + 4, `ETA during the first cooldown: ${cooling}`);
  });
});
