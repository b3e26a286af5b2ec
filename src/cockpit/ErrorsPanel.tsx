import React from 'react';
import { ERROR_COLUMNS, errorCells } from '../render/rows.js';
import type { State } from '../state/state.js';
import { Table } from './Table.js';

/** Locust's own error list, most frequent first. */
export function ErrorsPanel({ state, width, height }: { readonly state: State; readonly width: number; readonly height: number }): React.JSX.Element {
  const errors = [...(state.locust?.errors ?? [])].sort((a, b) => b.occurrences - a.occurrences);
  const rows = errors.map((error, index) => ({ key: `${index}`, cells: errorCells(error), color: 'red' }));
  return <Table columns={ERROR_COLUMNS} rows={rows} width={width} maxRows={height - 1} empty="no errors" />;
}
