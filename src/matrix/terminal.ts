// The sweep on a terminal: the results table, and RPS and p95 against users per replica count
// as ASCII charts (the terminal summary; the cockpit's matrix view can use the same lines). Pure.
import { alignColumns } from '../history/table.js';
import { AXIS_WIDTH, COLORS, drawChart, pointsThatFit } from '../render/chart.js';
import { fmtMs, fmtRate } from '../render/format.js';
import { kneeSeries, kneesPerReplicas, type KneePoint } from './knee.js';
import type { Cell } from './plan.js';
import { statusText, type CellRecord } from './record.js';

const TABLE_HEADER = ['Replicas', 'Workers', 'Users', 'RPS', 'p50', 'p95', 'p99', 'Fail%', 'Requests', 'Status'];
const NUMBERS: ReadonlySet<string> = new Set(['Replicas', 'Workers', 'Users', 'RPS', 'p50', 'p95', 'p99', 'Fail%', 'Requests']);

/** One recorded cell as the table's cells, in TABLE_HEADER's order. */
export function recordRow(record: CellRecord): string[] {
  return [
    record.replicas === null ? '-' : String(record.replicas),
    String(record.workers),
    String(record.users),
    record.rps === null ? '—' : fmtRate(record.rps),
    fmtMs(record.p50Ms),
    fmtMs(record.p95Ms),
    fmtMs(record.p99Ms),
    record.failureRatio === null ? '—' : `${(record.failureRatio * 100).toFixed(1)}%`,
    record.requests === null ? '—' : String(record.requests),
    statusText(record),
  ];
}

export function matrixTableLines(records: readonly CellRecord[]): string[] {
  return alignColumns(TABLE_HEADER, records.map(recordRow), NUMBERS);
}

/** Every planned cell, in order: its results once recorded, else `running` or `pending` (the cockpit's matrix view). */
export function matrixPlanLines(cells: readonly Cell[], records: readonly CellRecord[], running: { readonly key: string; readonly status: string } | null): string[] {
  const byKey = new Map(records.map((record) => [record.key, record]));
  const rows = cells.map((cell) => {
    const record = byKey.get(cell.key);
    if (record) return recordRow(record);
    const status = running?.key === cell.key ? running.status : 'pending';
    return [cell.replicas === null ? '-' : String(cell.replicas), String(cell.workers), String(cell.users), '', '', '', '', '', '', status];
  });
  return alignColumns(TABLE_HEADER, rows, NUMBERS);
}

const SERIES_COLORS = [COLORS.cyan, COLORS.green, COLORS.yellow, COLORS.magenta, COLORS.red];

/** The user levels spread evenly over `points` columns, values joined by straight lines. */
export function stretch(values: readonly number[], points: number): number[] {
  if (values.length < 2 || points < 2) return values.slice(0, Math.max(0, points));
  return Array.from({ length: points }, (_, column) => {
    const position = (column / (points - 1)) * (values.length - 1);
    const low = Math.floor(position);
    const high = Math.min(values.length - 1, low + 1);
    const share = position - low;
    return (values[low] ?? 0) * (1 - share) + (values[high] ?? 0) * share;
  });
}

function axisLine(users: readonly number[], points: number): string {
  const line = Array.from({ length: AXIS_WIDTH + points }, () => ' ');
  users.forEach((value, index) => {
    const label = String(value);
    const column = AXIS_WIDTH + Math.round((index / Math.max(1, users.length - 1)) * (points - 1));
    const start = Math.min(Math.max(AXIS_WIDTH, column - Math.floor(label.length / 2)), line.length - label.length);
    for (let offset = 0; offset < label.length; offset++) line[start + offset] = label[offset] ?? ' ';
  });
  return `${line.join('').trimEnd()}  users`;
}

export interface ChartOptions {
  readonly width: number;
  /** rows per chart */
  readonly height: number;
  readonly color: boolean;
}

/** Two charts (RPS, then p95) against the user levels, one line per replica count, with a legend. */
export function matrixChartLines(records: readonly CellRecord[], options: ChartOptions): string[] {
  const users = [...new Set(records.filter((record) => record.status === 'ok').map((record) => record.users))].sort((a, b) => a - b);
  if (users.length < 2) return ['(the charts need two user levels with results)'];
  const replicaCounts = [...new Set(records.map((record) => record.replicas))].sort((a, b) => (a ?? 0) - (b ?? 0));
  const points = Math.min(pointsThatFit(options.width), Math.max(2, (users.length - 1) * 12 + 1));
  // a replica count without a result at some level carries its neighbour's value: the chart needs equal lengths
  const valuesAt = (series: readonly KneePoint[], pick: (point: KneePoint) => number): number[] => {
    let last = 0;
    return users.map((level) => {
      const point = series.find((entry) => entry.users === level);
      last = point ? pick(point) : last;
      return last;
    });
  };
  const seriesFor = (pick: (point: KneePoint) => number) =>
    replicaCounts.map((replicas, index) => ({ values: stretch(valuesAt(kneeSeries(records, replicas), pick), points), color: SERIES_COLORS[index % SERIES_COLORS.length] ?? COLORS.cyan }));
  const legend = replicaCounts.map((replicas, index) => `${options.color ? (SERIES_COLORS[index % SERIES_COLORS.length] ?? '') : ''}━${options.color ? '\u001b[0m' : ''} ${replicas === null ? 'target' : `${replicas} replica${replicas === 1 ? '' : 's'}`}`).join('  ');
  const axis = axisLine(users, points);
  return [
    `RPS against users   ${legend}`,
    ...drawChart(seriesFor((point) => point.rps), AXIS_WIDTH + points, options.height, options.color),
    axis,
    `p95 ms against users   ${legend}`,
    ...drawChart(seriesFor((point) => point.p95Ms), AXIS_WIDTH + points, options.height, options.color),
    axis,
  ];
}

/** What `ltop matrix` prints at the end: table, charts, knees, where the files are. */
export function matrixSummaryLines(records: readonly CellRecord[], dir: string, options: ChartOptions): string[] {
  return [
    ...matrixTableLines(records),
    '',
    ...matrixChartLines(records, options),
    '',
    ...kneesPerReplicas(records).map((knee) => knee.recommendation),
    `results: ${dir} (matrix.csv, matrix.json, report.md, one folder per cell)`,
  ];
}
