import { Box, Text } from 'ink';
import React from 'react';
import { MIN_HEIGHT, MIN_WIDTH } from './layout.js';

/**
 * Below 80x24 the panels would wrap into garbage: say so instead, what size is needed, and what
 * the keys still do here (`hint`: the cockpit quits on q; a sweep asks first, and its question
 * must be readable at this size too).
 */
export function TooSmall({ columns, rows, hint = 'q quits' }: { readonly columns: number; readonly rows: number; readonly hint?: string }): React.JSX.Element {
  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Text wrap="truncate">terminal too small: need {MIN_WIDTH}x{MIN_HEIGHT}</Text>
      <Text wrap="truncate">this one is {columns}x{rows}</Text>
      {/* a question wraps rather than loses its end: the next key answers it */}
      <Text wrap="wrap">{hint}</Text>
    </Box>
  );
}
