// The sweep: cells one after another on one platform and one master. For each cell: scale the
// target (when there is one) until ready, scale the workers until connected, run (reset, swarm,
// hold, stop, settle, save), record, cool down. A failed cell is recorded with its cause and the
// sweep goes on; a stop (signal) ends it after saving what is done, and the running cell is
// simply not recorded, so --resume runs it again.
import { setTimeout as delay } from 'node:timers/promises';
import path from 'node:path';
import type { SweepEvent } from './events.js';
import { planCells, type Cell, type MatrixPlan } from './plan.js';
import { failedRecord, okRecord, type CellPhase, type CellRecord } from './record.js';
import { kneeReport } from './report.js';
import { SweepAbort, type CellRunner } from './runner.js';
import { saveCellFailure, saveReport, saveSweep, type SweepFile } from './store.js';

export interface SweepOptions {
  readonly plan: MatrixPlan;
  readonly runner: CellRunner;
  /** the sweep's folder (ltop-results/matrix-<start>/, or the --resume folder) */
  readonly dir: string;
  /** cells recorded by an earlier, interrupted sweep of the same plan (--resume): ok ones are skipped */
  readonly previous?: SweepFile;
  readonly signal?: AbortSignal;
  /** the platform the cells run on, kept in matrix.json for --resume */
  readonly platform?: string;
  readonly onEvent?: (event: SweepEvent) => void;
  readonly now?: () => number;
  /** cooldown; tests pass a fake */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface SweepResult {
  readonly state: 'completed' | 'stopped';
  readonly cells: readonly CellRecord[];
  readonly dir: string;
  readonly ran: number;
  readonly skipped: number;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';

const sleepFor = (ms: number, signal: AbortSignal): Promise<void> => delay(ms, undefined, { signal }).catch(() => undefined);

/** A previously recorded cell counts as done only if it succeeded: failed cells are retried on resume. */
function doneCells(previous: SweepFile | undefined, cells: readonly Cell[]): Map<string, CellRecord> {
  const keys = new Set(cells.map((cell) => cell.key));
  return new Map((previous?.cells ?? []).filter((record) => record.status === 'ok' && keys.has(record.key)).map((record) => [record.key, record]));
}

export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const { plan, runner, dir } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepFor;
  const signal = options.signal ?? new AbortController().signal;
  const emit = options.onEvent ?? (() => undefined);
  const cells = planCells(plan);
  const done = doneCells(options.previous, cells);
  const records = new Map<string, CellRecord>(done);
  const startedAt = options.previous?.startedAt ?? new Date(now()).toISOString();
  const platform = options.previous?.platform ?? options.platform;
  const file = (state: SweepFile['state']): SweepFile => ({ version: 1, startedAt, plan, state, cells: [...records.values()], ...(platform ? { platform } : {}) });
  emit({ type: 'matrix/started', plan, cells, dir, at: now(), resumed: [...done.values()] });
  await saveSweep(dir, file('running'));
  let ran = 0;
  let stopped = false;
  /** the platform is gone (SweepAbort): the cells after this one are recorded as not run, with the cause */
  let aborted: string | null = null;
  const pending = cells.filter((cell) => !done.has(cell.key));
  for (const [position, cell] of pending.entries()) {
    if (signal.aborted) {
      stopped = true;
      break;
    }
    const cellStarted = now();
    emit({ type: 'matrix/cell-started', cell, at: cellStarted });
    let step: CellPhase = 'scale-target';
    let record: CellRecord;
    try {
      if (cell.replicas !== null) {
        if (!runner.scaleTarget) throw new Error('this platform cannot scale the target (drop --replicas, or name --target-deployment)');
        emit({ type: 'matrix/step', cell, step, at: now() });
        await runner.scaleTarget(cell.replicas, signal);
      }
      step = 'scale-workers';
      emit({ type: 'matrix/step', cell, step, at: now() });
      await runner.scaleWorkers(cell.workers, signal);
      step = 'run';
      emit({ type: 'matrix/step', cell, step, at: now() });
      const run = await runner.runCell({ users: cell.users, spawnRate: cell.spawnRate, durationSeconds: plan.durationSeconds, dir: path.join(dir, cell.key), signal });
      record = okRecord(cell, run.summary, run.peakWorkerCpu, cellStarted, now());
    } catch (error) {
      if (signal.aborted) {
        // interrupted, not failed: leave it unrecorded so --resume runs it again
        stopped = true;
        break;
      }
      record = failedRecord(cell, step, describe(error), null, cellStarted, now());
      if (error instanceof SweepAbort) aborted = describe(error);
    }
    ran++;
    records.set(cell.key, record);
    if (record.status === 'failed') await saveCellFailure(dir, record);
    await saveSweep(dir, file('running'));
    emit({ type: 'matrix/cell-done', record, at: now() });
    if (aborted !== null) {
      for (const rest of pending.slice(position + 1)) {
        const skipped = failedRecord(rest, 'not-run', aborted, null, now(), now());
        records.set(rest.key, skipped);
        await saveCellFailure(dir, skipped);
        emit({ type: 'matrix/cell-done', record: skipped, at: now() });
      }
      stopped = true;
      break;
    }
    if (position < pending.length - 1 && plan.cooldownSeconds > 0 && !signal.aborted) {
      emit({ type: 'matrix/step', cell, step: 'cooldown', at: now() });
      await sleep(plan.cooldownSeconds * 1000, signal);
    }
  }
  // a signal once every cell is recorded (the last one saving) has cut nothing short
  if (signal.aborted && records.size < cells.length) stopped = true;
  const state = stopped ? 'stopped' : 'completed';
  const final = file(state);
  await saveSweep(dir, final);
  await saveReport(dir, kneeReport(final));
  emit({ type: 'matrix/finished', state, at: now() });
  return { state, cells: [...final.cells].sort((a, b) => a.index - b.index), dir, ran, skipped: done.size };
}
