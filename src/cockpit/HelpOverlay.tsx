import { Box, Text } from 'ink';
import React from 'react';
import type { State } from '../state/state.js';
import { helpLines, helpRows, helpTextWidth, helpTop } from './help-lines.js';
import type { KeyBinding } from './keymap.js';

/**
 * Every key of the main screen from the active keymap, greyed when it does not apply now; its
 * help wrapped, never cut. Where it does not fit (80x24) it scrolls: j/k, PgUp/PgDn, g/G.
 */
export function HelpOverlay({ keymap, state, width, height, readonly }: { readonly keymap: readonly KeyBinding[]; readonly state: State; readonly width: number; readonly height: number; readonly readonly: boolean }): React.JSX.Element {
  const rows = helpRows(height);
  const lines = helpLines(keymap, state, helpTextWidth(width));
  const overlay = state.ui.overlay;
  const top = helpTop(lines.length, rows, overlay.kind === 'help' ? (overlay.top ?? 0) : 0);
  const shown = lines.slice(top, top + rows);
  const scrolls = lines.length > rows;
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" paddingX={1}>
      <Text bold wrap="truncate">Keys{readonly ? ' (read-only: nothing that starts, stops or changes load or workers)' : ''}</Text>
      {shown.map((line, index) => (
        <Text key={top + index} wrap="truncate" dimColor={line.dim}>
          <Text bold>{line.keys}</Text>
          {line.text}
        </Text>
      ))}
      <Box flexGrow={1} />
      <Text dimColor wrap="truncate">{scrolls ? `lines ${top + 1}-${top + shown.length} of ${lines.length} · j/k PgUp/PgDn g/G scroll · any other key closes` : 'any key closes'}</Text>
    </Box>
  );
}
