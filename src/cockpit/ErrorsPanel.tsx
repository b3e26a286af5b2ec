import React from 'react';
import { ERROR_COLUMNS, errorCells } from '../render/rows.js';
import { cursorOf, sortedErrors } from '../state/lists.js';
import { Table } from './Table.js';
import type { Fields, PanelProps } from './use-store.js';

export const ERRORS_FIELDS: Fields = ['locust', 'ui'];

/** Locust's own error list, most frequent first; Enter opens the whole message. */
export function ErrorsPanel({ state, width, height }: PanelProps): React.JSX.Element {
  const rows = sortedErrors(state).map((error, index) => ({ key: `${index}`, cells: errorCells(error), color: 'red' }));
  return <Table columns={ERROR_COLUMNS} rows={rows} width={width} maxRows={height - 1} empty="no errors" cursor={state.ui.focus === 'errors' ? cursorOf(state, 'errors') : null} />;
}
