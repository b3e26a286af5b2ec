import { Box, Text } from 'ink';
import React from 'react';
import { MIN_HEIGHT, MIN_WIDTH } from './layout.js';

/** Below 80x24 the panels would wrap into garbage: say so instead, and what size is needed. */
export function TooSmall({ columns, rows }: { readonly columns: number; readonly rows: number }): React.JSX.Element {
  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Text wrap="truncate">terminal too small: need {MIN_WIDTH}x{MIN_HEIGHT}</Text>
      <Text wrap="truncate">
        this one is {columns}x{rows}; q quits
      </Text>
    </Box>
  );
}
