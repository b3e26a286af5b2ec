// The sweep's headline numbers: best throughput, best latency, averages, success rate. Pure.
import type { CellRecord } from './record.js';

export interface SweepStats {
  readonly cells: number;
  readonly okCells: number;
  readonly failedCells: number;
  readonly cpuBoundCells: number;
  readonly bestThroughput: CellRecord | null;
  readonly bestLatency: CellRecord | null;
  /** over successful cells */
  readonly averageRps: number | null;
  readonly averageP95Ms: number | null;
  readonly averageFailurePct: number | null;
  /** successful cells / cells run */
  readonly cellSuccessRate: number | null;
  /** requests that did not fail, over every successful cell */
  readonly requestSuccessRate: number | null;
}

const mean = (values: readonly number[]): number | null => (values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : null);

export function sweepStats(records: readonly CellRecord[]): SweepStats {
  const ok = records.filter((record) => record.status === 'ok');
  const measured = ok.filter((record) => record.rps !== null);
  const withP95 = ok.filter((record) => record.p95Ms !== null);
  const requests = ok.reduce((sum, record) => sum + (record.requests ?? 0), 0);
  const failures = ok.reduce((sum, record) => sum + (record.requests ?? 0) * (record.failureRatio ?? 0), 0);
  return {
    cells: records.length,
    okCells: ok.length,
    failedCells: records.length - ok.length,
    cpuBoundCells: records.filter((record) => record.cpuBound).length,
    // ties go to the lower p95: the same throughput for less waiting
    bestThroughput: measured.reduce<CellRecord | null>((best, record) => (best === null || (record.rps ?? 0) > (best.rps ?? 0) || (record.rps === best.rps && (record.p95Ms ?? Infinity) < (best.p95Ms ?? Infinity)) ? record : best), null),
    bestLatency: withP95.reduce<CellRecord | null>((best, record) => (best === null || (record.p95Ms ?? Infinity) < (best.p95Ms ?? Infinity) ? record : best), null),
    averageRps: mean(measured.map((record) => record.rps ?? 0)),
    averageP95Ms: mean(withP95.map((record) => record.p95Ms ?? 0)),
    averageFailurePct: mean(ok.map((record) => (record.failureRatio ?? 0) * 100)),
    cellSuccessRate: records.length ? ok.length / records.length : null,
    requestSuccessRate: requests ? 1 - failures / requests : null,
  };
}

export function cellLabel(record: CellRecord): string {
  return [record.replicas === null ? '' : `${record.replicas} replica${record.replicas === 1 ? '' : 's'}`, `${record.workers} workers`, `${record.users} users`].filter(Boolean).join(', ');
}
