// State -> table cells, pure, so panels never format numbers themselves.
import type { EndpointStats, LocustError } from '../locust/snapshot.js';
import type { InfraResource } from '../domain/platform-vocabulary.js';
import type { WorkerRow } from '../state/selectors.js';
import type { LogLine, SortColumn } from '../state/state.js';
import { fmtBytes, fmtCount, fmtMs, fmtRate } from './format.js';

export interface Column {
  readonly header: string;
  readonly width: number;
  readonly align: 'left' | 'right';
  /** columns with grow take the width left over, in column order */
  readonly grow?: boolean;
  /** a grower stops here */
  readonly maxWidth?: number;
}

/** p99.9 exists only where the master is configured to report it (PERCENTILES_TO_STATISTICS). */
export type EndpointRow = EndpointStats & { readonly p999?: number | null };

export interface EndpointColumn extends Column {
  readonly cell: (row: EndpointRow) => string;
}

// Locust's percentiles come from buckets and can exceed the max it reports: never show more.
const atMost = (value: number | null, row: EndpointRow): number | null => (value === null || row.requests === 0 ? null : Math.min(value, row.max));
const failPct = (row: EndpointStats): string => (row.requests ? `${((row.failures / row.requests) * 100).toFixed(1)}%` : '—');

const COLUMN = {
  method: { header: 'Method', width: 6, align: 'left', cell: (row) => row.method },
  // the name grows, but only so far: a wide screen goes to more numbers, not a 140-column name
  name: { header: 'Name', width: 12, align: 'left', grow: true, maxWidth: 60, cell: (row) => row.name },
  requests: { header: 'Reqs', width: 7, align: 'right', cell: (row) => fmtCount(row.requests) },
  failures: { header: 'Fails', width: 6, align: 'right', cell: (row) => fmtCount(row.failures) },
  failPct: { header: 'Fail%', width: 6, align: 'right', cell: failPct },
  rps: { header: 'RPS', width: 6, align: 'right', cell: (row) => fmtRate(row.currentRps) },
  avg: { header: 'Avg', width: 5, align: 'right', cell: (row) => fmtMs(row.requests ? row.avg : null) },
  p50: { header: 'p50', width: 5, align: 'right', cell: (row) => fmtMs(atMost(row.p50, row)) },
  p95: { header: 'p95', width: 5, align: 'right', cell: (row) => fmtMs(atMost(row.p95, row)) },
  p99: { header: 'p99', width: 5, align: 'right', cell: (row) => fmtMs(atMost(row.p99, row)) },
  p999: { header: 'p99.9', width: 5, align: 'right', cell: (row) => fmtMs(atMost(row.p999 ?? null, row)) },
  max: { header: 'Max', width: 5, align: 'right', cell: (row) => fmtMs(row.requests ? row.max : null) },
  size: { header: 'Size', width: 5, align: 'right', cell: (row) => fmtBytes(row.avgSize) },
} satisfies Record<string, EndpointColumn>;

/** 80 columns: the essentials. */
export const ENDPOINT_COLUMNS: readonly EndpointColumn[] = [COLUMN.method, COLUMN.name, COLUMN.requests, COLUMN.failures, COLUMN.rps, COLUMN.p50, COLUMN.p95, COLUMN.p99, COLUMN.max, COLUMN.size];
/** wide screens: average, failure percentage, and p99.9 where Locust reports it */
const WIDE_COLUMNS: readonly EndpointColumn[] = [COLUMN.method, COLUMN.name, COLUMN.requests, COLUMN.failures, COLUMN.failPct, COLUMN.rps, COLUMN.avg, COLUMN.p50, COLUMN.p95, COLUMN.p99, COLUMN.p999, COLUMN.max, COLUMN.size];
export const WIDE_FROM = 120;

export function endpointColumns(width: number, hasP999: boolean): readonly EndpointColumn[] {
  if (width < WIDE_FROM) return ENDPOINT_COLUMNS;
  return hasP999 ? WIDE_COLUMNS : WIDE_COLUMNS.filter((column) => column !== COLUMN.p999);
}

const SORT_HEADERS: Record<SortColumn, string> = { name: 'Name', requests: 'Reqs', failures: 'Fails', rps: 'RPS', p50: 'p50', p95: 'p95', p99: 'p99', max: 'Max' };

/** The column the table is sorted by gets an arrow in its header. */
export function sortedColumns<C extends Column>(columns: readonly C[], column: SortColumn, descending: boolean): C[] {
  const header = SORT_HEADERS[column];
  return columns.map((entry) => (entry.header === header ? { ...entry, header: `${entry.header}${descending ? '↓' : '↑'}` } : entry));
}

export function endpointCells(row: EndpointRow, columns: readonly EndpointColumn[] = ENDPOINT_COLUMNS): string[] {
  return columns.map((column) => column.cell(row));
}

/** The Aggregated row is Locust's, over every endpoint: say so when the table is filtered. */
export function aggregatedLabel(filtered: boolean, endpoints: number): string {
  return filtered ? `Aggregated (all ${endpoints}, not filtered)` : 'Aggregated';
}

// Wider screens go to the names that get cut (a pod's 28, `killed(SIGKILL)`, an EC2 node's 43),
// in that order, each only as far as its longest usual value.
export const WORKER_COLUMNS: readonly Column[] = [
  { header: 'Worker', width: 10, align: 'left', grow: true, maxWidth: 36 },
  { header: 'Locust', width: 9, align: 'left' },
  { header: 'Users', width: 5, align: 'right' },
  { header: 'CPU%', width: 5, align: 'right' },
  { header: 'Mem', width: 5, align: 'right' },
  { header: 'PID', width: 7, align: 'right' },
  { header: 'Process', width: 9, align: 'left', grow: true, maxWidth: 16 },
  { header: 'Rst', width: 3, align: 'right' },
  { header: 'Node', width: 12, align: 'left', grow: true, maxWidth: 44 },
  { header: 'Age', width: 5, align: 'right' },
];

/** 45s, 12m, 3h, 2d: as kubectl prints ages. */
export function fmtAge(ms: number | null): string {
  if (ms === null || ms < 0) return '—';
  const seconds = Math.floor(ms / 1000);
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

export function workerCells(row: WorkerRow, now: number): string[] {
  return [
    row.id,
    row.locustState,
    row.users === null ? '—' : String(row.users),
    row.cpuPercent === null ? '—' : row.cpuPercent.toFixed(0),
    fmtBytes(row.memoryBytes),
    row.pid === null ? '—' : String(row.pid),
    row.alive === null ? '—' : row.phase,
    row.restarts === null ? '—' : String(row.restarts),
    row.node ?? '—',
    fmtAge(row.startedAt === null ? null : now - row.startedAt),
  ];
}

export const ERROR_COLUMNS: readonly Column[] = [
  { header: 'Count', width: 6, align: 'right' },
  { header: 'Method', width: 6, align: 'left' },
  { header: 'Name', width: 16, align: 'left' },
  { header: 'Message', width: 20, align: 'left', grow: true },
];

export function errorCells(error: LocustError): string[] {
  return [fmtCount(error.occurrences), error.method, error.name, error.message.replace(/\s+/g, ' ')];
}

export const INFRA_COLUMNS: readonly Column[] = [
  { header: 'Kind', width: 12, align: 'left' },
  { header: 'Name', width: 14, align: 'left' },
  { header: 'Status', width: 10, align: 'left' },
  { header: 'Detail', width: 20, align: 'left', grow: true },
];

export function infraCells(resource: InfraResource): string[] {
  return [resource.kind, resource.name, resource.status, resource.detail ?? ''];
}

export function logText(line: LogLine): string {
  const time = new Date(line.at).toISOString().slice(11, 19);
  return `${time} ${line.source.padEnd(8)} ${line.line}`;
}

/** Widths that fill `total` columns: fixed ones as declared, growers share the rest. */
export function columnWidths(columns: readonly Column[], total: number): number[] {
  const gaps = columns.length - 1;
  const fixed = columns.reduce((sum, column) => sum + column.width, 0) + gaps;
  // growers take the spare width in column order, each up to its maxWidth: the first (a table's
  // name) matters most
  let spare = Math.max(0, total - fixed);
  const widths = columns.map((column) => {
    if (!column.grow) return column.width;
    const width = Math.min(column.width + spare, column.maxWidth ?? Infinity);
    spare -= width - column.width;
    return width;
  });
  // Too narrow: shrink the growers first, never below 3.
  let over = widths.reduce((sum, width) => sum + width, 0) + gaps - total;
  for (let index = 0; over > 0 && index < widths.length; index++) {
    if (!columns[index]?.grow) continue;
    const cut = Math.min(over, Math.max(0, widths[index]! - 3));
    widths[index]! -= cut;
    over -= cut;
  }
  return widths;
}
