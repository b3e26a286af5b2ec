// The matrix view's model: sweep events -> what the cockpit (or the line printer) shows: the
// current cell and step, how far the sweep is, an ETA, and the results so far. Pure.
import type { SweepEvent, SweepStep } from './events.js';
import type { Cell } from './plan.js';
import type { CellRecord } from './record.js';

export interface MatrixProgress {
  readonly dir: string;
  readonly cells: readonly Cell[];
  readonly durationSeconds: number;
  readonly cooldownSeconds: number;
  readonly startedAt: number;
  readonly current: { readonly cell: Cell; readonly step: SweepStep | 'starting'; readonly since: number; readonly cellStartedAt: number } | null;
  /** every recorded cell, resumed ones included, in cell order */
  readonly records: readonly CellRecord[];
  /** cells recorded by this process (the ETA learns from these only) */
  readonly ranHere: number;
  /** their wall time added up */
  readonly wallSecondsHere: number;
  readonly state: 'idle' | 'running' | 'completed' | 'stopped';
}

export const initialMatrixProgress: MatrixProgress = { dir: '', cells: [], durationSeconds: 0, cooldownSeconds: 0, startedAt: 0, current: null, records: [], ranHere: 0, wallSecondsHere: 0, state: 'idle' };

const byIndex = (records: readonly CellRecord[]): CellRecord[] => [...records].sort((a, b) => a.index - b.index);

export function matrixReducer(state: MatrixProgress, event: SweepEvent): MatrixProgress {
  switch (event.type) {
    case 'matrix/started':
      return { ...initialMatrixProgress, dir: event.dir, cells: event.cells, durationSeconds: event.plan.durationSeconds, cooldownSeconds: event.plan.cooldownSeconds, startedAt: event.at, records: byIndex(event.resumed), state: 'running' };
    case 'matrix/cell-started':
      return { ...state, current: { cell: event.cell, step: 'starting', since: event.at, cellStartedAt: event.at } };
    case 'matrix/step':
      return state.current ? { ...state, current: { ...state.current, step: event.step, since: event.at } } : state;
    case 'matrix/cell-done':
      return { ...state, records: byIndex([...state.records.filter((record) => record.key !== event.record.key), event.record]), ranHere: state.ranHere + 1, wallSecondsHere: state.wallSecondsHere + event.record.wallSeconds };
    case 'matrix/finished':
      return { ...state, current: null, state: event.state };
  }
}

export interface MatrixProgressView {
  /** 0..1 of the cells */
  readonly fraction: number;
  readonly done: number;
  readonly total: number;
  readonly failed: number;
  readonly flagged: number;
  /** seconds until the sweep ends; null when idle or finished */
  readonly etaSeconds: number | null;
  /** "cell 3/8 r2-w4-u200 · run 00:42/02:00" */
  readonly currentLine: string | null;
}

/**
 * What a cell takes besides its duration before one has been measured: the stop, the wait for
 * the workers' final report (a report interval of 3 s plus a quiet second, session/settle.ts)
 * and the save.
 */
export const CELL_OVERHEAD_SECONDS = 5;

/**
 * ETA: the cells left times the time one takes: the average wall time of the cells this process
 * ran (scaling, settling and saving included) plus the cooldown; before any has run, duration + overhead +
 * cooldown. The running cell counts by what is left of it.
 */
export function progressView(state: MatrixProgress, now: number): MatrixProgressView {
  const total = state.cells.length;
  const done = state.records.length;
  const perCell = (state.ranHere > 0 ? state.wallSecondsHere / state.ranHere : state.durationSeconds + CELL_OVERHEAD_SECONDS) + state.cooldownSeconds;
  let etaSeconds: number | null = null;
  let currentLine: string | null = null;
  if (state.state === 'running') {
    const left = Math.max(0, total - done);
    const current = state.current;
    // the current cell already recorded: it is cooling down, and only its cooldown's rest is left of it
    const currentDone = current !== null && state.records.some((record) => record.key === current.cell.key);
    const sinceStep = current ? Math.max(0, (now - current.since) / 1000) : 0;
    const eta = currentDone
      ? left * perCell - state.cooldownSeconds + (current.step === 'cooldown' ? Math.max(0, state.cooldownSeconds - sinceStep) : 0)
      : left * perCell - (current ? Math.min(perCell, (now - current.cellStartedAt) / 1000) : 0) - state.cooldownSeconds;
    etaSeconds = Math.max(0, Math.round(eta));
    if (current) {
      const position = state.cells.findIndex((cell) => cell.key === current.cell.key) + 1;
      const inStep = Math.round(sinceStep);
      const step = current.step !== 'run' ? `${current.step} ${clock(inStep)}` : inStep <= state.durationSeconds ? `run ${clock(inStep)}/${clock(state.durationSeconds)}` : `stop, settle, save ${clock(inStep - state.durationSeconds)}`;
      currentLine = `cell ${position}/${total} ${state.current.cell.key} · ${step}`;
    }
  }
  return {
    fraction: total ? done / total : 0,
    done,
    total,
    failed: state.records.filter((record) => record.status === 'failed').length,
    flagged: state.records.filter((record) => record.cpuBound).length,
    etaSeconds,
    currentLine,
  };
}

export function clock(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = String(Math.floor((whole % 3600) / 60)).padStart(2, '0');
  const secs = String(whole % 60).padStart(2, '0');
  return hours ? `${hours}:${minutes}:${secs}` : `${minutes}:${secs}`;
}

/** "[########------------]  5/16  ETA 12:30": a bar `width` columns wide in total */
export function progressBar(view: MatrixProgressView, width: number): string {
  // before the sweep has its plan (the platform still starting) there is nothing to count yet
  if (view.total === 0) return 'starting the platform…'.slice(0, Math.max(0, width));
  const tail = `  ${view.done}/${view.total}${view.etaSeconds === null ? '' : `  ETA ${clock(view.etaSeconds)}`}`;
  const inner = Math.max(0, width - tail.length - 2);
  const filled = Math.round(inner * view.fraction);
  return `[${'#'.repeat(filled)}${'-'.repeat(inner - filled)}]${tail}`.slice(0, Math.max(0, width));
}
