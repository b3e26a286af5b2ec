import React from 'react';
import { WORKER_COLUMNS, workerCells } from '../render/rows.js';
import { cursorOf } from '../state/lists.js';
import { HOT_CPU_PERCENT, workerRows, type WorkerRow } from '../state/selectors.js';
import { Table } from './Table.js';
import type { Fields, PanelProps } from './use-store.js';

export const WORKERS_FIELDS: Fields = ['locust', 'platformWorkers', 'now', 'ui'];

function tone(row: WorkerRow): string | undefined {
  if (row.locustState === 'missing' || row.alive === false) return 'red';
  if ((row.cpuPercent ?? 0) > HOT_CPU_PERCENT) return 'red';
  return row.locustState === 'connecting' || row.locustState === 'unknown' ? 'yellow' : undefined;
}

/** Each worker as Locust sees it (state, users, CPU, memory) next to the platform's view (pid, phase, restarts, node, age). */
export function WorkersPanel({ state, width, height }: PanelProps): React.JSX.Element {
  const rows = workerRows(state).map((row) => {
    const hot = (row.cpuPercent ?? 0) > HOT_CPU_PERCENT;
    const cells = workerCells(row, state.now);
    // a saturated load generator makes every figure on screen wrong: it must stand out, colour or not
    return { key: row.id, cells: hot ? cells.map((cell, index) => (index === 3 ? `!${cell}` : cell)) : cells, color: tone(row), bold: hot, inverse: hot };
  });
  return <Table columns={WORKER_COLUMNS} rows={rows} width={width} maxRows={height - 1} empty="no workers" cursor={state.ui.focus === 'workers' ? cursorOf(state, 'workers') : null} />;
}
