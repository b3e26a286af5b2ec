import { Box, Text } from 'ink';
import React from 'react';
import { logText } from '../render/rows.js';
import { cursorOf, windowStart } from '../state/lists.js';
import { useTone } from './theme.js';
import type { Fields, PanelProps } from './use-store.js';

export const LOGS_FIELDS: Fields = ['logs', 'ui'];
const SEVERE = /\b(error|exception|traceback|critical|failed|missing)\b/i;

/** The master's, workers' and ltop's own output, newest last; follows new lines until scrolled. */
export function LogsPanel({ state, width, height }: PanelProps): React.JSX.Element {
  const tone = useTone();
  const focused = state.ui.focus === 'logs';
  const following = state.ui.cursor.logs === undefined;
  const room = Math.max(0, height - (following ? 0 : 1));
  const cursor = cursorOf(state, 'logs');
  const start = windowStart(cursor, room, state.logs.length);
  const lines = state.logs.slice(start, start + room);
  return (
    <Box flexDirection="column" width={width}>
      {lines.length === 0 ? <Text dimColor>no output yet</Text> : null}
      {lines.map((line, index) => {
        const selected = focused && start + index === cursor;
        return (
          <Text key={`${start + index}`} wrap="truncate" inverse={selected} color={SEVERE.test(line.line) ? tone('red') : undefined}>
            {selected ? '›' : ' '}
            {logText(line).replace(/\s+/g, ' ')}
          </Text>
        );
      })}
      {following ? null : <Text dimColor wrap="truncate">{` line ${cursor + 1} of ${state.logs.length} · G follows new lines · Enter opens the line`}</Text>}
    </Box>
  );
}
