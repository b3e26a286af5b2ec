import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AXIS_WIDTH, COLORS, drawChart, pointsThatFit } from '../../src/render/chart.js';
import { columnWidths, ENDPOINT_COLUMNS, endpointColumns } from '../../src/render/rows.js';
import { series } from '../../src/state/selectors.js';

const ESC = String.fromCharCode(27);
const strip = (line: string): string => line.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');
const wave = Array.from({ length: 500 }, (_, index) => 100 + 80 * Math.sin(index / 7));

describe('charts fit the width they are given', () => {
  for (const [width, height] of [
    [39, 6],
    [99, 18],
    [20, 4],
  ] as const) {
    it(`${width}x${height}: every line within the width, exactly the height`, () => {
      const lines = drawChart([{ values: wave, color: COLORS.green }, { values: wave.map((value) => value / 3), color: COLORS.red }], width, height, true);
      assert.equal(lines.length, height);
      for (const line of lines) assert.ok(strip(line).length <= width, `"${strip(line)}" is ${strip(line).length} > ${width}`);
    });
  }

  it('shows the newest points: the series is sliced from the end', () => {
    const points = pointsThatFit(40);
    assert.equal(points, 40 - AXIS_WIDTH);
    const history = Array.from({ length: 100 }, (_, index) => ({ at: index, rps: index, failPerSec: 0, p50: 0, p95: 0, users: 0 }));
    assert.deepEqual(series(history, 'rps', points), Array.from({ length: points }, (_, index) => 100 - points + index));
  });

  it('NO_COLOR: no escape codes at all', () => {
    const lines = drawChart([{ values: wave, color: COLORS.green }], 60, 8, false);
    assert.ok(lines.every((line) => !line.includes(ESC)));
  });

  it('too little data says so instead of drawing a flat line', () => {
    const lines = drawChart([{ values: [5], color: COLORS.green }], 60, 6, false);
    assert.ok(lines.join('\n').includes('waiting for data'));
  });

  it('table columns fill the width, never exceed it, and the name stops growing at 60', () => {
    for (const width of [80, 100, 200, 300]) {
      const widths = columnWidths(ENDPOINT_COLUMNS, width);
      const total = widths.reduce((sum, value) => sum + value, 0) + widths.length - 1;
      assert.ok(total <= width, `${total} > ${width}`);
      if (width <= 100) assert.equal(total, width);
      assert.ok((widths[1] ?? 0) <= 60);
    }
  });

  it('wide screens get average, fail % and p99.9 (where Locust reports it)', () => {
    assert.deepEqual(endpointColumns(80, true).map((column) => column.header), ENDPOINT_COLUMNS.map((column) => column.header));
    const wide = endpointColumns(200, false).map((column) => column.header);
    for (const header of ['Avg', 'Fail%']) assert.ok(wide.includes(header), header);
    assert.ok(!wide.includes('p99.9'));
    assert.ok(endpointColumns(200, true).some((column) => column.header === 'p99.9'));
  });
});

describe('charts without colour', () => {
  it('each series has its own glyph, and no escape codes', () => {
    const lines = drawChart([{ values: wave, color: COLORS.green }, { values: wave.map((value) => value / 4), color: COLORS.red }], 60, 10, false);
    const text = lines.join('\n');
    assert.doesNotMatch(text, new RegExp(`${ESC}\\[`));
    assert.match(text, /[─╭╮╯╰]/, 'the first series in lines');
    assert.match(text, /[·:]/, 'the second in dots');
  });
});
