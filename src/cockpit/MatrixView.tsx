// `ltop matrix` in the cockpit: the current cell and step, a progress bar with the ETA, the live
// charts of the running cell (the cockpit's own Charts, fed by the cell's store), and the results
// table filling in row by row. Fits 80x24: the table keeps the running cell in view.
import { Box, Text, useInput, useWindowSize } from 'ink';
import React, { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { progressBar, progressView, type MatrixProgress } from '../matrix/progress.js';
import { matrixPlanLines } from '../matrix/terminal.js';
import type { Store } from '../state/store.js';
import { Charts, CHARTS_FIELDS } from './Charts.js';
import { MATRIX_KEYS, matrixKeyFor } from './keys/matrix.js';
import { displayKey, tokenize } from './keys/tokenize.js';
import { MIN_HEIGHT, MIN_WIDTH } from './layout.js';
import { TooSmall } from './TooSmall.js';
import { Live, type PanelProps } from './use-store.js';

/** What the view reads: the sweep's progress (matrixReducer) and the running cell's store, once the platform is up. */
export interface MatrixSource {
  getProgress(): MatrixProgress;
  getCellStore(): Store | null;
  /** what the sweep says when it is not in a cell (starting the platform, a failure) */
  getNotice(): string;
  subscribe(listener: () => void): () => void;
}

export interface MatrixViewProps {
  readonly progress: MatrixProgress;
  readonly notice: string;
  readonly cellStore: Store | null;
  readonly now: number;
  readonly width: number;
  readonly height: number;
  readonly asking: boolean;
}

const TOP = 3;
const FOOTER = 1;

/** The table's lines that fit `rows` (header first), scrolled so the running cell (or the last result) shows. */
function visibleTable(lines: readonly string[], focus: number, rows: number): string[] {
  const [header = '', ...body] = lines;
  const room = Math.max(0, rows - 1);
  const start = Math.max(0, Math.min(body.length - room, focus - room + 2));
  return [header, ...body.slice(start, start + room)];
}

/** The cockpit's charts, from `since` on: the running cell's swarm, not the cells before it. */
function cellCharts(since: number): React.ComponentType<PanelProps> {
  return function CellCharts({ state, width, height }: PanelProps): React.JSX.Element {
    return <Charts state={{ ...state, history: state.history.filter((point) => point.at >= since) }} width={width} height={height} />;
  };
}

export function MatrixView({ progress, notice, cellStore, now, width, height, asking }: MatrixViewProps): React.JSX.Element {
  const view = progressView(progress, now);
  const current = progress.current;
  // the time is on the first line: the row names the step only
  const running = current ? { key: current.cell.key, status: current.step === 'run' ? 'running' : current.step } : null;
  const table = matrixPlanLines(progress.cells, progress.records, running);
  const since = current?.cellStartedAt ?? 0;
  const Panel = useMemo(() => cellCharts(since), [since]);
  const focus = current ? progress.cells.findIndex((cell) => cell.key === current.cell.key) : progress.records.length - 1;
  // the charts take what the table leaves, between 5 and 9 rows
  const chartRows = Math.max(5, Math.min(9, height - TOP - FOOTER - (progress.cells.length + 1)));
  const tableRows = Math.max(2, height - TOP - FOOTER - chartRows);
  const flagged = [view.failed ? `${view.failed} failed` : '', view.flagged ? `${view.flagged} worker CPU > 90%` : ''].filter(Boolean).join(' · ');
  const state = progress.state === 'running' ? view.currentLine ?? notice : progress.state === 'idle' ? notice : `sweep ${progress.state}${notice ? `: ${notice}` : ''}`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate">
        <Text bold>ltop matrix</Text>
        {` · ${state}`}
      </Text>
      <Text wrap="truncate">{progressBar(view, Math.min(width, 60))}{flagged ? `  ${flagged}` : ''}</Text>
      <Text wrap="truncate" dimColor>{progress.dir || ' '}</Text>
      <Box height={chartRows} width={width}>
        {cellStore ? <Live store={cellStore} fields={CHARTS_FIELDS} Panel={Panel} width={width} height={chartRows} /> : <Text dimColor>{notice || 'starting…'}</Text>}
      </Box>
      <Box flexDirection="column" height={tableRows} width={width}>
        {visibleTable(table, Math.max(0, focus), tableRows).map((line, index) => (
          <Text key={index} wrap="truncate" bold={index === 0}>{line}</Text>
        ))}
      </Box>
      <Text wrap="truncate">
        {/* while asking, the question's own keys fill the line (Ctrl+C still stops, as the docs say) */}
        {MATRIX_KEYS.filter((binding) => binding.whenAsking === asking || (!asking && binding.whenAsking === 'always')).map((binding) => (
          <Text key={binding.id}>
            <Text bold>{` ${displayKey(binding.keys[0] ?? '')}`}</Text>
            <Text dimColor>{` ${binding.label}`}</Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}

/** The screen: follows the source, ticks the clock for the ETA, takes the keys when stdin is a terminal. */
export function MatrixScreen({ source, stop, interrupt, keys }: { readonly source: MatrixSource; readonly stop: () => void; readonly interrupt?: () => void; readonly keys: boolean }): React.JSX.Element {
  const snapshot = useSyncExternalStore(source.subscribe, () => source.getProgress());
  const cellStore = useSyncExternalStore(source.subscribe, () => source.getCellStore());
  const notice = useSyncExternalStore(source.subscribe, () => source.getNotice());
  const { columns, rows } = useWindowSize();
  const [now, setNow] = useState(Date.now());
  const [asking, setAsking] = useState(false);
  // keys in one read (`qy`) act in turn: each sees what the one before it did, not the last render's state
  const askingNow = useRef(false);
  const ask = (value: boolean): void => {
    askingNow.current = value;
    setAsking(value);
  };
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useInput(
    (input, key) => {
      for (const name of tokenize(input, key)) matrixKeyFor(name, askingNow.current)?.run({ asking: askingNow.current, ask, stop, interrupt: interrupt ?? stop });
    },
    { isActive: keys },
  );
  if (columns < MIN_WIDTH || rows < MIN_HEIGHT) return <TooSmall columns={columns} rows={rows} hint={asking ? 'stop the sweep? y stops (the running cell is dropped), any other key goes on' : 'q asks to stop the sweep, Ctrl+C stops it now'} />;
  return <MatrixView progress={snapshot} notice={notice} cellStore={cellStore} now={now} width={columns} height={rows} asking={asking} />;
}
