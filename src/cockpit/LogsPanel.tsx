import { Box, Text } from 'ink';
import React from 'react';
import { logText } from '../render/rows.js';
import type { State } from '../state/state.js';
import { useTone } from './theme.js';

const SEVERE = /\b(error|exception|traceback|critical|failed|missing)\b/i;

/** The master's, workers' and ltop's own output, newest last. */
export function LogsPanel({ state, width, height }: { readonly state: State; readonly width: number; readonly height: number }): React.JSX.Element {
  const tone = useTone();
  const lines = state.logs.slice(-Math.max(0, height));
  return (
    <Box flexDirection="column" width={width}>
      {lines.length === 0 ? <Text dimColor>no output yet</Text> : null}
      {lines.map((line, index) => (
        <Text key={`${line.at}-${index}`} wrap="truncate" color={SEVERE.test(line.line) ? tone('red') : undefined}>
          {logText(line)}
        </Text>
      ))}
    </Box>
  );
}
