// `ltop history` rows: one line per past run, newest first. Pure.
import path from 'node:path';
import { fmtCount, fmtMs, fmtPercent, fmtRate } from '../render/format.js';
import type { HistoryEntry } from './scan.js';

export const HISTORY_COLUMNS = ['Time', 'Scenario', 'Platform', 'Users', 'Workers', 'Requests', 'RPS', 'p95', 'Fail%', 'Checks', 'Folder'] as const;

/** "2/3", "—" without checks, "2/3 FAIL" reads at a glance in a CI log */
function checksCell(entry: HistoryEntry & { ok: true }): string {
  const checks = entry.summary.checks;
  if (!checks?.length) return '—';
  const passed = checks.filter((check) => check.status === 'pass').length;
  return `${passed}/${checks.length}${passed === checks.length ? '' : ' FAIL'}`;
}

export function historyRow(entry: HistoryEntry, root: string): string[] {
  const time = new Date(entry.startedAt).toISOString().replace(/\.\d+Z$/, 'Z').replace('T', ' ');
  const folder = path.relative(root, entry.dir) || '.';
  if (!entry.ok) return [time, '(unreadable)', '', '', '', '', '', '', '', '', `${folder}: ${entry.problem}`];
  const { summary } = entry;
  const workers = summary.workers ? `${summary.workers.connected}/${summary.workers.expected}` : '?';
  return [
    time,
    summary.scenario ?? '?',
    summary.platform ?? '?',
    String(summary.users ?? '?'),
    workers,
    fmtCount(summary.totals.requests),
    fmtRate(summary.totals.rps),
    summary.totals.p95Ms === null || summary.totals.p95Ms === undefined ? '—' : `${fmtMs(summary.totals.p95Ms)}ms`,
    fmtPercent(summary.totals.requests ? summary.totals.failures / summary.totals.requests : 0),
    checksCell(entry),
    // a run whose master was lost is saved from ltop's last numbers: say so where it is listed
    (summary as { partial?: boolean }).partial ? `${folder} (PARTIAL)` : folder,
  ];
}

const NUMBER_COLUMNS: ReadonlySet<string> = new Set(['Users', 'Workers', 'Requests', 'RPS', 'p95', 'Fail%']);

/** Columns padded to their widest cell, numbers right-aligned, the last column left ragged. */
export function alignColumns(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: ReadonlySet<string> = new Set()): string[] {
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, index) => (rightAligned.has(header[index] ?? '') ? cell.padStart(widths[index] ?? 0) : cell.padEnd(index === row.length - 1 ? 0 : (widths[index] ?? 0))))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

export function historyLines(entries: readonly HistoryEntry[], root: string): string[] {
  if (!entries.length) return [`no runs under ${root}`];
  return alignColumns(HISTORY_COLUMNS, entries.map((entry) => historyRow(entry, root)), NUMBER_COLUMNS);
}
