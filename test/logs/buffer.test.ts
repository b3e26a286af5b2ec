// The Logs panel's buffer: bounded, filtered, scrolled.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appendLines, emptyLogBuffer, logView } from '../../src/logs/buffer.js';
import type { LogLine } from '../../src/logs/line.js';

const line = (i: number, level: LogLine['level'] = 'INFO'): LogLine => ({ at: i, level, source: `ltop-worker-${i % 2}`, message: `line ${i}` });

describe('log buffer', () => {
  it('keeps the newest lines up to its capacity and counts what it dropped', () => {
    let b = emptyLogBuffer(5);
    b = appendLines(b, [1, 2, 3].map((i) => line(i)));
    b = appendLines(b, [4, 5, 6, 7].map((i) => line(i)));
    assert.deepEqual(b.lines.map((l) => l.at), [3, 4, 5, 6, 7]);
    assert.equal(b.dropped, 2);
  });

  it('shows the newest rows, scrolls up within bounds, and filters', () => {
    const b = appendLines(emptyLogBuffer(100), Array.from({ length: 10 }, (_, i) => line(i + 1, i === 4 ? 'ERROR' : 'INFO')));
    assert.deepEqual(logView(b, 3).rows.map((l) => l.at), [8, 9, 10]);
    assert.equal(logView(b, 3).following, true);
    const up = logView(b, 3, 2);
    assert.deepEqual([up.rows.map((l) => l.at), up.following], [[6, 7, 8], false]);
    assert.deepEqual(logView(b, 3, 99).rows.map((l) => l.at), [1, 2, 3], 'clamped at the oldest');
    assert.equal(logView(b, 3, 99).offset, 7);
    const errors = logView(b, 3, 0, 'error');
    assert.deepEqual([errors.rows.map((l) => l.at), errors.matching], [[5], 1]);
    assert.deepEqual(logView(b, 3, 0, 'worker-1').rows.map((l) => l.at), [5, 7, 9]);
  });
});
