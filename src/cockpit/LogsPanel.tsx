import { Box, Text } from 'ink';
import React from 'react';
import { LEVEL_COLOR, logRow } from '../render/log-row.js';
import { cursorOf, visibleLogs, windowStart } from '../state/lists.js';
import { useTone } from './theme.js';
import type { Fields, PanelProps } from './use-store.js';

export const LOGS_FIELDS: Fields = ['logs', 'ui'];
// lines that state no level (a traceback's continuation) still stand out when they say this
const SEVERE = /\b(error|exception|traceback|critical|failed|missing)\b/i;

/**
 * The master's, workers' and ltop's own output, newest last, as level, source and message; the
 * panel's `/` filter narrows it; follows new lines until scrolled.
 */
export function LogsPanel({ state, width, height }: PanelProps): React.JSX.Element {
  const tone = useTone();
  const focused = state.ui.focus === 'logs';
  const filter = state.ui.logFilter;
  const logs = visibleLogs(state);
  const following = state.ui.cursor.logs === undefined;
  const footer = !following || filter !== '';
  const room = Math.max(0, height - (footer ? 1 : 0));
  const cursor = cursorOf(state, 'logs');
  const start = windowStart(cursor, room, logs.length);
  const lines = logs.slice(start, start + room);
  const sourceWidth = Math.min(24, Math.max(4, ...lines.map((line) => line.source.length)));
  const where = following ? 'following' : `line ${cursor + 1} of ${logs.length} · G follows new lines · Enter opens the line`;
  return (
    <Box flexDirection="column" width={width}>
      {lines.length === 0 ? <Text dimColor>{filter ? `no line matches "${filter}"` : 'no output yet'}</Text> : null}
      {lines.map((line, index) => {
        const selected = focused && start + index === cursor;
        const row = logRow(line, sourceWidth);
        const color = line.level ? LEVEL_COLOR[line.level] : SEVERE.test(line.line) ? 'red' : undefined;
        return (
          <Text key={`${start + index}`} wrap="truncate" inverse={selected}>
            {selected ? '›' : ' '}
            <Text dimColor>{row.time}</Text> {row.source} <Text color={color ? tone(color) : undefined} bold={line.level === 'CRITICAL'}>{row.level}</Text> <Text color={!line.level && color ? tone(color) : undefined}>{row.text}</Text>
          </Text>
        );
      })}
      {footer ? <Text dimColor wrap="truncate">{` ${filter ? `filter "${filter}": ${logs.length} of ${state.logs.length} lines · ` : ''}${where}`}</Text> : null}
    </Box>
  );
}
