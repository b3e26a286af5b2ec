import React from 'react';
import { endpointCells, ENDPOINT_COLUMNS, sortedColumns } from '../render/rows.js';
import { visibleEndpoints } from '../state/selectors.js';
import type { State } from '../state/state.js';
import { Table, type TableRow } from './Table.js';

/** Per-endpoint statistics, filtered and sorted, with the Aggregated row always last. */
export function SwarmTable({ state, width, height }: { readonly state: State; readonly width: number; readonly height: number }): React.JSX.Element {
  const rows: TableRow[] = visibleEndpoints(state).map((row) => ({
    key: `${row.method} ${row.name}`,
    cells: endpointCells(row),
    color: row.failures > 0 ? 'red' : undefined,
  }));
  const total = state.locust?.total;
  // header + endpoints + aggregated
  const room = Math.max(0, height - 2);
  const shown = rows.slice(0, room);
  if (rows.length > room && room > 0) shown[room - 1] = { key: 'more', cells: ['', `+${rows.length - room + 1} more (/ filter)`], dim: true };
  if (total) shown.push({ key: 'Aggregated', cells: endpointCells({ ...total, method: '' }), bold: true });
  const filterNote = state.ui.filter ? ` filter "${state.ui.filter}"` : '';
  return <Table columns={sortedColumns(ENDPOINT_COLUMNS, state.ui.sort.column, state.ui.sort.descending)} rows={shown} width={width} maxRows={room + 1} empty={state.locust ? `no requests yet${filterNote}` : 'waiting for the master…'} />;
}
