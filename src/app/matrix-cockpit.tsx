// `ltop matrix` on a terminal: the same sweep as headless (matrixCommand), drawn by the matrix
// view instead of printed line by line. The lines it would print are kept; once the view is
// gone, the terminal summary (table, charts, knees, checks) is printed as headless prints it.
import { render } from 'ink';
import React from 'react';
import { matrixCommand, type MatrixCommandOptions } from '../cli/commands/matrix.js';
import { MatrixScreen, type MatrixSource } from '../cockpit/MatrixView.js';
import { ColorProvider } from '../cockpit/theme.js';
import type { SweepEvent } from '../matrix/events.js';
import { initialMatrixProgress, matrixReducer, type MatrixProgress } from '../matrix/progress.js';
import type { Store } from '../state/store.js';
import type { MatrixRunner } from './matrix-runner.js';

export interface MatrixCockpitDeps {
  readonly signal: AbortSignal;
  /** starts the platform's runner for the sweep's folder, redrawing at most maxHz */
  readonly start: (dir: string, maxHz: number) => Promise<MatrixRunner>;
  readonly color: boolean;
  /** false when stdin is not a terminal: no raw mode, no keys */
  readonly keys: boolean;
  /** stop the sweep (the q key, confirmed): the running cell is dropped, as on Ctrl+C */
  readonly abort: () => void;
  /** Ctrl+C in the view: stop the sweep as SIGINT does (exit 130) */
  readonly interrupt: () => void;
}

const REFRESH_HZ = 4;

/** The view's source: the sweep's events folded by matrixReducer, and the cell's store once there is one. */
function sweepSource(): MatrixSource & { event(event: SweepEvent): void; setCellStore(store: Store): void; setNotice(text: string): void } {
  let progress: MatrixProgress = initialMatrixProgress;
  let cellStore: Store | null = null;
  let notice = 'starting the platform…';
  const listeners = new Set<() => void>();
  const changed = (): void => listeners.forEach((listener) => listener());
  return {
    getProgress: () => progress,
    getCellStore: () => cellStore,
    getNotice: () => notice,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    event(event) {
      progress = matrixReducer(progress, event);
      changed();
    },
    setCellStore(store) {
      cellStore = store;
      notice = '';
      changed();
    },
    setNotice(text) {
      notice = text;
      changed();
    },
  };
}

export async function runMatrixCockpit(options: MatrixCommandOptions, deps: MatrixCockpitDeps): Promise<number> {
  const source = sweepSource();
  const lines: string[] = [];
  const errors: string[] = [];
  let summaryFrom = -1;
  const instance = render(
    <ColorProvider color={deps.color}>
      <MatrixScreen source={source} stop={deps.abort} interrupt={deps.interrupt} keys={deps.keys} />
    </ColorProvider>,
    { exitOnCtrlC: false, maxFps: REFRESH_HZ, interactive: true, alternateScreen: true, patchConsole: true },
  );
  // a closed terminal (SSH drop) shows up as EIO on the next frame: stop the sweep, keep what is done
  const terminalGone = (): void => deps.abort();
  process.stdout.on('error', terminalGone);
  process.stdin.on('error', terminalGone);
  try {
    return await matrixCommand(
      options,
      {
        line: (text) => void lines.push(text),
        error: (text) => {
          errors.push(text);
          source.setNotice(text);
        },
      },
      {
        signal: deps.signal,
        onEvent: (event) => {
          source.event(event);
          // what follows "ltop matrix: completed" is the terminal summary
          if (event.type === 'matrix/finished') summaryFrom = lines.length;
        },
        createRunner: async (_plan, dir) => {
          const started = await deps.start(dir, REFRESH_HZ);
          source.setCellStore(started.store);
          return started.runner;
        },
      },
    );
  } finally {
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
    process.stdout.off('error', terminalGone);
    process.stdin.off('error', terminalGone);
    for (const text of summaryFrom >= 0 ? lines.slice(summaryFrom) : []) process.stdout.write(`${text}\n`);
    for (const text of errors) process.stderr.write(`${text}\n`);
  }
}
