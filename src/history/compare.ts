// `ltop compare A B`: two runs side by side, B's change against A marked better/worse. Pure.
import { fmtCount, fmtDuration } from '../render/format.js';
import { compareToBaseline, fmtChange, fmtDeltaValue, type RowDelta } from '../report/baseline.js';
import type { StoredSummary } from './summary-file.js';
import { alignColumns } from './table.js';

export interface Side {
  readonly label: string;
  readonly summary: StoredSummary;
}

function checksCell(summary: StoredSummary): string {
  const checks = summary.checks;
  if (!checks?.length) return '—';
  return `${checks.filter((check) => check.status === 'pass').length}/${checks.length} passed`;
}

function facts(summary: StoredSummary): [string, string][] {
  return [
    ['scenario', summary.scenario ?? '?'],
    ['platform', summary.platform ?? '?'],
    ['started', summary.startedAt],
    ['duration', fmtDuration((summary.durationSeconds ?? 0) * 1000)],
    ['users', String(summary.users ?? '?')],
    ['workers', summary.workers ? `${summary.workers.connected}/${summary.workers.expected}` : '?'],
    ['requests', fmtCount(summary.totals.requests)],
    ['failures', fmtCount(summary.totals.failures)],
    ['checks', checksCell(summary)],
  ];
}

function deltaRows(entry: RowDelta, a: string): string[][] {
  if (entry.onlyIn) return [[entry.label, entry.onlyIn === 'baseline' ? 'made' : '—', entry.onlyIn === 'baseline' ? '—' : 'made', `only in ${entry.onlyIn === 'baseline' ? a : 'B'}`]];
  return entry.metrics.map((delta) => [
    `${entry.label} ${delta.metric}`,
    fmtDeltaValue(delta.metric, delta.baseline),
    fmtDeltaValue(delta.metric, delta.current),
    delta.verdict === 'n/a' ? '' : `${fmtChange(delta)} ${delta.verdict}`,
  ]);
}

export function compareLines(a: Side, b: Side): string[] {
  const factsA = facts(a.summary);
  const factsB = facts(b.summary);
  const header = ['', 'A', 'B', 'B vs A'];
  const comparison = compareToBaseline(b.summary, a.summary, a.label);
  const rows = [
    ...factsA.map(([name, value], index) => [name, value, factsB[index]?.[1] ?? '', '']),
    ...deltaRows(comparison.total, 'A'),
    ...comparison.endpoints.flatMap((entry) => deltaRows(entry, 'A')),
  ];
  return alignColumns(header, rows);
}
