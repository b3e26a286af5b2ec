import React from 'react';
import { WORKER_COLUMNS, workerCells } from '../render/rows.js';
import { workerRows } from '../state/selectors.js';
import type { State } from '../state/state.js';
import { Table } from './Table.js';

/** Each worker as Locust sees it (state, users, CPU, memory) next to the platform's view (pid, phase, restarts, node, age). */
export function WorkersPanel({ state, width, height }: { readonly state: State; readonly width: number; readonly height: number }): React.JSX.Element {
  const rows = workerRows(state).map((row) => ({
    key: row.id,
    cells: workerCells(row, state.now),
    color: row.locustState === 'missing' || row.alive === false ? 'red' : row.locustState === 'connecting' ? 'yellow' : undefined,
  }));
  return <Table columns={WORKER_COLUMNS} rows={rows} width={width} maxRows={height - 1} empty="no workers" />;
}
