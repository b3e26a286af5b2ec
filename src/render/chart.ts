// ASCII charts that fit the width they are given: asciichart draws label column + one column
// per point, so the series is sliced to the room left after the labels.
import asciichart from 'asciichart';
import { fmtAxis } from './format.js';

export const AXIS_LABEL_WIDTH = 7;
/** the label, one space and the axis glyph */
export const AXIS_WIDTH = AXIS_LABEL_WIDTH + 2;

export interface ChartSeries {
  readonly values: readonly number[];
  /** an asciichart colour; ignored when colour is off */
  readonly color: string;
}

export function pointsThatFit(width: number): number {
  return Math.max(0, width - AXIS_WIDTH);
}

/** Lines of a chart exactly `height` rows tall and at most `width` columns wide. */
export function drawChart(series: readonly ChartSeries[], width: number, height: number, color: boolean): string[] {
  const points = pointsThatFit(width);
  if (points < 2 || height < 2) return Array.from({ length: Math.max(0, height) }, () => '');
  const sliced = series.map((entry) => entry.values.slice(-points));
  const longest = Math.max(...sliced.map((values) => values.length));
  if (longest < 2) {
    const blank = Array.from({ length: height }, () => '');
    blank[Math.floor(height / 2)] = ' '.repeat(AXIS_WIDTH) + 'waiting for data…';
    return blank;
  }
  // asciichart needs equal lengths; pad the short ones at the front with their first value.
  const aligned = sliced.map((values) => Array.from({ length: longest - values.length }, () => values[0] ?? 0).concat(values));
  const flat = aligned.flat();
  const max = Math.max(...flat);
  const config = { height: height - 1, min: 0, max: max > 0 ? max : 1, format: (value: number) => fmtAxis(value).padStart(AXIS_LABEL_WIDTH) };
  if (color) return asciichart.plot(aligned, { ...config, colors: series.map((entry) => entry.color) }).split('\n').slice(0, height).map(mergeColourRuns).map(foregroundResets);
  // Without colour the lines differ by glyph: each series is drawn with its own set on the
  // same scale, then laid over the first where the first left a blank.
  const grids = aligned.map((values, index) => asciichart.plot(values, { ...config, symbols: GLYPHS[index % GLYPHS.length] }).split('\n'));
  return (grids[0] ?? []).slice(0, height).map((line, row) => [...line].map((char, column) => (char !== ' ' ? char : (grids.slice(1).map((grid) => [...(grid[row] ?? '')][column]).find((other) => other && other !== ' ') ?? ' '))).join(''));
}

const ESC = String.fromCharCode(27);
const REPEAT = new RegExp(`(${ESC}\\[([0-9;]+)m)([^${ESC}]*)${ESC}\\[0m${ESC}\\[\\2m`, 'g');

export function mergeColourRuns(line: string): string {
  let previous = '';
  let merged = line;
  while (merged !== previous) {
    previous = merged;
    merged = merged.replace(REPEAT, '$1$3');
  }
  return merged;
}

const FULL_RESET = new RegExp(`${ESC}\\[0m`, 'g');

/**
 * asciichart ends each coloured run with a full reset (ESC[0m); its colours are foreground
 * only, so the foreground reset (ESC[39m) draws the same. It is also the form Ink writes a
 * line back in after tokenizing it, so a line in that form is tokenized once per frame, not
 * twice (npm run bench:frame).
 */
export function foregroundResets(line: string): string {
  return line.replace(FULL_RESET, `${ESC}[39m`);
}

/** asciichart's symbol sets, one per series, for charts without colour. */
type Symbols = [string, string, string, string, string, string, string, string, string, string];
const GLYPHS: readonly Symbols[] = [
  ['┼', '┤', '╶', '╴', '─', '╰', '╭', '╮', '╯', '│'],
  ['┼', '┤', '╶', '╴', '·', '·', '·', '·', '·', ':'],
  ['┼', '┤', '╶', '╴', '+', '+', '+', '+', '+', '+'],
];

/** The legend's sample of a series: its colour tells them apart, or without colour its glyph. */
export function legendGlyph(index: number, color: boolean): string {
  if (color) return '━';
  return (GLYPHS[index % GLYPHS.length] ?? [])[4]!.repeat(2);
}

export const COLORS = {
  green: asciichart.green,
  red: asciichart.red,
  cyan: asciichart.cyan,
  yellow: asciichart.yellow,
  magenta: asciichart.magenta,
} as const;
