// A table from plain Text lines: ink-table cannot load under Ink 4+, and one string per row
// is cheap to draw and cannot wrap (each line is cut to the width).
import { Box, Text } from 'ink';
import React from 'react';
import { fit } from '../render/format.js';
import { columnWidths, type Column } from '../render/rows.js';
import { useTone } from './theme.js';

export interface TableRow {
  readonly key: string;
  readonly cells: readonly string[];
  readonly color?: string;
  readonly bold?: boolean;
  readonly dim?: boolean;
}

export function formatRow(columns: readonly Column[], widths: readonly number[], cells: readonly string[]): string {
  return columns.map((column, index) => fit(cells[index] ?? '', widths[index] ?? column.width, column.align)).join(' ');
}

export function Table(props: {
  readonly columns: readonly Column[];
  readonly rows: readonly TableRow[];
  readonly width: number;
  readonly maxRows: number;
  readonly empty?: string;
}): React.JSX.Element {
  const tone = useTone();
  const widths = columnWidths(props.columns, props.width);
  const header = formatRow(props.columns, widths, props.columns.map((column) => column.header));
  const shown = props.rows.slice(0, Math.max(0, props.maxRows));
  return (
    <Box flexDirection="column" width={props.width}>
      <Text bold wrap="truncate">
        {header}
      </Text>
      {shown.length === 0 && props.empty ? <Text dimColor wrap="truncate">{props.empty}</Text> : null}
      {shown.map((row) => (
        <Text key={row.key} color={row.color ? tone(row.color) : undefined} bold={row.bold} dimColor={row.dim} wrap="truncate">
          {formatRow(props.columns, widths, row.cells)}
        </Text>
      ))}
    </Box>
  );
}
