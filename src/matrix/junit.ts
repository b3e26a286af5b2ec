// A sweep as JUnit: one test case per cell. A failed cell is an error (it could not be
// measured); a cell whose checks do not hold is a failure; a worker above 90 % CPU is said in
// the suite's output (a warning, not a verdict on the target). Pure.
import type { CheckResult } from '../checks/check.js';
import type { JUnitCase, JUnitSuite } from '../report/junit.js';
import { statusText, type CellRecord } from './record.js';
import type { SweepFile } from './store.js';

function cellCase(record: CellRecord, checks: readonly CheckResult[] | undefined): JUnitCase {
  const base = { name: record.key, classname: 'ltop.matrix', timeSeconds: record.wallSeconds };
  if (record.status === 'failed') return { ...base, error: { message: statusText(record), type: 'CellFailed' } };
  const broken = (checks ?? []).filter((check) => check.status !== 'pass');
  if (broken.length) return { ...base, failure: { message: broken.map((check) => check.line).join('; '), type: 'SLO', detail: (checks ?? []).map((check) => check.line).join('\n') } };
  return base;
}

export function matrixSuite(sweep: SweepFile, checksByCell: Readonly<Record<string, readonly CheckResult[]>> = {}): JUnitSuite {
  const cells = [...sweep.cells].sort((a, b) => a.index - b.index);
  const flagged = cells.filter((record) => record.cpuBound);
  return {
    name: `ltop matrix ${sweep.startedAt}`,
    startedAt: Date.parse(sweep.startedAt),
    timeSeconds: cells.reduce((sum, record) => sum + record.wallSeconds, 0),
    properties: { state: sweep.state, workers: sweep.plan.workers.join(','), users: sweep.plan.users.join(','), replicas: sweep.plan.replicas?.join(',') ?? 'not scaled', durationSeconds: sweep.plan.durationSeconds },
    output: [
      ...cells.map((record) => `${record.key}: ${statusText(record)}${record.rps === null ? '' : ` rps=${record.rps} p95=${record.p95Ms ?? '—'}ms`}`),
      ...(flagged.length ? [`worker CPU above 90 % in ${flagged.map((record) => record.key).join(', ')}: the load generator may have been the bottleneck`] : []),
    ].join('\n'),
    cases: cells.map((record) => cellCase(record, checksByCell[record.key])),
  };
}
