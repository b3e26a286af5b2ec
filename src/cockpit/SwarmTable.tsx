import { Box, Text } from 'ink';
import React from 'react';
import { aggregatedLabel, endpointColumns, sortedColumns, type EndpointRow } from '../render/rows.js';
import { cursorOf } from '../state/lists.js';
import { visibleEndpoints } from '../state/selectors.js';
import { Table, type TableRow } from './Table.js';
import type { Fields, PanelProps } from './use-store.js';

export const SWARM_TABLE_FIELDS: Fields = ['locust', 'ui'];

/** Per-endpoint statistics, filtered and sorted, with the Aggregated row always last. */
export function SwarmTable({ state, width, height }: PanelProps): React.JSX.Element {
  const endpoints = state.locust?.endpoints ?? [];
  const columns = sortedColumns(endpointColumns(width, endpoints.some((row: EndpointRow) => row.p999 !== undefined)), state.ui.sort.column, state.ui.sort.descending);
  const rows: TableRow[] = visibleEndpoints(state).map((row) => ({
    key: `${row.method} ${row.name}`,
    cells: columns.map((column) => column.cell(row)),
    color: row.failures > 0 ? 'red' : undefined,
  }));
  const filter = state.ui.filter;
  const total = state.locust?.total;
  const footer: TableRow[] = total ? [{ key: 'Aggregated', cells: columns.map((column) => column.cell({ ...total, method: '', name: aggregatedLabel(filter !== '', endpoints.length) })), bold: true }] : [];
  const focused = state.ui.focus === 'endpoints';
  const empty = state.locust ? (filter ? `no endpoint matches "${filter}"` : 'no requests yet') : 'waiting for the master…';
  return (
    <Box flexDirection="column" width={width} height={height}>
      {filter ? <Text wrap="truncate" bold>{` filter "${filter}": ${rows.length} of ${endpoints.length} endpoints · / to change, Esc in it clears`}</Text> : null}
      <Table columns={columns} rows={rows} width={width} maxRows={height - 1 - (filter ? 1 : 0)} empty={empty} cursor={focused ? cursorOf(state, 'endpoints') : null} footer={footer} />
    </Box>
  );
}
