// A table from plain Text lines: ink-table cannot load under Ink 4+, and one string per row
// is cheap to draw and cannot wrap (each line is cut to the width). It shows the window of
// rows around the cursor; the selected row is marked with › (and inverse where there is colour).
import { Box, Text } from 'ink';
import React from 'react';
import { fit } from '../render/format.js';
import { columnWidths, type Column } from '../render/rows.js';
import { windowStart } from '../state/lists.js';
import { useTone } from './theme.js';

export interface TableRow {
  readonly key: string;
  readonly cells: readonly string[];
  readonly color?: string | undefined;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly inverse?: boolean;
}

export function formatRow(columns: readonly Column[], widths: readonly number[], cells: readonly string[]): string {
  return columns.map((column, index) => fit((cells[index] ?? '').replace(/\s+/g, ' '), widths[index] ?? column.width, column.align)).join(' ');
}

export function Table(props: {
  readonly columns: readonly Column[];
  readonly rows: readonly TableRow[];
  readonly width: number;
  /** rows of data on screen (the header is extra) */
  readonly maxRows: number;
  readonly empty?: string;
  /** the selected row, when this table has the focus */
  readonly cursor?: number | null;
  /** rows drawn after the window whatever the scroll (the Aggregated row) */
  readonly footer?: readonly TableRow[];
}): React.JSX.Element {
  const tone = useTone();
  const footer = props.footer ?? [];
  const widths = columnWidths(props.columns, props.width - 1);
  const header = formatRow(props.columns, widths, props.columns.map((column) => column.header));
  let room = Math.max(0, props.maxRows - footer.length);
  const overflow = props.rows.length > room;
  if (overflow) room = Math.max(0, room - 1); // one line says where we are
  const cursor = props.cursor ?? null;
  const start = cursor === null ? 0 : windowStart(cursor, room, props.rows.length);
  const shown = props.rows.slice(start, start + room);
  const line = (row: TableRow, selected: boolean): React.JSX.Element => (
    <Text key={row.key} color={row.color ? tone(row.color) : undefined} bold={row.bold} dimColor={row.dim} inverse={selected || row.inverse} wrap="truncate">
      {selected ? '›' : ' '}
      {formatRow(props.columns, widths, row.cells)}
    </Text>
  );
  return (
    <Box flexDirection="column" width={props.width}>
      <Text bold wrap="truncate">
        {' '}
        {header}
      </Text>
      {props.rows.length === 0 && props.empty ? <Text dimColor wrap="truncate">{` ${props.empty}`}</Text> : null}
      {shown.map((row, index) => line(row, cursor === start + index))}
      {overflow ? <Text dimColor wrap="truncate">{` rows ${start + 1}-${start + shown.length} of ${props.rows.length} · j/k PgUp/PgDn g/G scroll · Enter opens a row`}</Text> : null}
      {footer.map((row) => line(row, false))}
    </Box>
  );
}
