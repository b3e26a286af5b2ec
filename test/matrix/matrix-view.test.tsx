// The matrix view drawn from a recorded sweep (fake runner, fake clock) at 80x24: a 16-cell plan
// keeps the running cell in view, the failed and CPU-bound counts show beside the bar, and
// nothing is wider than the terminal.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { render } from 'ink-testing-library';
import React from 'react';
import { MatrixView } from '../../src/cockpit/MatrixView.js';
import { ColorProvider } from '../../src/cockpit/theme.js';
import type { SweepEvent } from '../../src/matrix/events.js';
import { initialMatrixProgress, matrixReducer, type MatrixProgress } from '../../src/matrix/progress.js';
import { runSweep } from '../../src/matrix/sweep.js';
import { createStore } from '../../src/state/store.js';
import { baseState } from '../support/ink.js';
import { fakeRunner } from './fake-runner.js';

async function progressAt(stopAfter: (event: SweepEvent) => boolean): Promise<{ progress: MatrixProgress; at: number }> {
  let clock = 1_800_000_000_000;
  let progress = initialMatrixProgress;
  let frozen: MatrixProgress | null = null;
  let frozenAt = 0;
  await runSweep({
    plan: { replicas: [1, 2], workers: [2, 4], users: [25, 50, 100, 200], durationSeconds: 10, cooldownSeconds: 0, spawnRate: 10 },
    runner: fakeRunner({ cpu: (_, users) => (users === 200 ? 96 : 40) }),
    dir: mkdtempSync(path.join(tmpdir(), 'ltop-matrix-view-')),
    now: () => (clock += 1000),
    onEvent: (event) => {
      progress = matrixReducer(progress, event);
      if (!frozen && stopAfter(event)) {
        frozen = progress;
        frozenAt = event.at;
      }
    },
  });
  return { progress: frozen ?? progress, at: frozen ? frozenAt : clock };
}

describe('the matrix view (80x24)', () => {
  it('the 14th of 16 cells running: the table scrolls to it, results above, pending below, counts beside the bar', async () => {
    const { progress, at } = await progressAt((event) => event.type === 'matrix/step' && event.step === 'run' && event.cell.index === 13);
    const frame = render(<MatrixView progress={progress} notice="" cellStore={null} now={at} width={80} height={24} asking={false} />).lastFrame() ?? '';
    const lines = frame.split('\n');
    assert.ok(lines.length <= 24, `${lines.length} lines`);
    for (const line of lines) assert.ok(line.length <= 80, line);
    assert.match(lines[0]!, /^ltop matrix · cell 14\/16 r2-w4-u50 · run 00:00\/00:10$/);
    assert.match(lines[1]!, /^\[#+-+\]  13\/16  ETA \d\d:\d\d  3 worker CPU > 90%$/);
    assert.match(frame, /Replicas +Workers +Users +RPS/);
    assert.match(frame, /^ +2 +4 +50 +running$/m);
    assert.match(frame, /^ +2 +4 +100 +pending$/m);
    assert.match(frame, /^ +1 +2 +200 .* ok; worker CPU/m, "a CPU-bound cell says so in its row");
    assert.match(frame, /^ +2 +4 +25 +[\d.]+ .* ok$/m);
    assert.doesNotMatch(frame, /^ +1 +2 +25 /m, 'the first cells scrolled away');
    assert.match(lines.at(-1)!, / q stop the sweep +Ctrl\+C stop now/);
  });

  it('asking: the footer says what y does and that any other key goes on', async () => {
    const { progress, at } = await progressAt((event) => event.type === 'matrix/step' && event.step === 'run');
    const frame = render(<MatrixView progress={progress} notice="" cellStore={null} now={at} width={80} height={24} asking />).lastFrame() ?? '';
    assert.match(frame.split('\n').at(-1)!, /^ y stop \(the running cell is dropped; --resume runs it\) any key go on$/);
  });

  it("the charts are the running cell's: the cells before it are left out", async () => {
    const { progress, at } = await progressAt((event) => event.type === 'matrix/step' && event.step === 'run' && event.cell.index === 3);
    const since = progress.current!.cellStartedAt;
    const point = (offset: number, rps: number) => ({ at: since + offset, rps, failPerSec: 0, p50: 12, p95: 30, users: 200 });
    const earlier = Array.from({ length: 10 }, (_, index) => point(-20_000 + index * 1000, 900));
    const running = Array.from({ length: 10 }, (_, index) => point(index * 1000, 40));
    const store = createStore(baseState({ history: [...earlier, ...running] }), 4);
    const frame = render(<ColorProvider color={false}><MatrixView progress={progress} notice="" cellStore={store} now={at} width={80} height={24} asking={false} /></ColorProvider>).lastFrame() ?? '';
    assert.match(frame, /Throughput/);
    assert.match(frame, /^ +40(\.0)? [┤┼]/m, 'the running cell\'s 40 req/s at the top of its axis');
    assert.doesNotMatch(frame, /900/, 'not the earlier cell\'s 900');
    store.close();
  });
});
