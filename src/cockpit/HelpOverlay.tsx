import { Box, Text } from 'ink';
import React from 'react';
import type { State } from '../state/state.js';
import { displayKey, type KeyBinding } from './keymap.js';

/** Every key of the active keymap with what it does; greyed when it does not apply now. */
export function HelpOverlay({ keymap, state, width, readonly }: { readonly keymap: readonly KeyBinding[]; readonly state: State; readonly width: number; readonly readonly: boolean }): React.JSX.Element {
  return (
    <Box flexDirection="column" width={width} borderStyle="round" paddingX={1}>
      <Text bold>Keys{readonly ? ' (read-only: dangerous actions removed)' : ''} — any key closes</Text>
      {keymap.map((binding) => (
        <Text key={binding.id} wrap="truncate" dimColor={!(binding.available?.(state) ?? true)}>
          <Text bold>{binding.keys.map(displayKey).join(' ').padEnd(12)}</Text>
          {binding.help}
          {binding.confirm ? ' (asks first)' : ''}
        </Text>
      ))}
    </Box>
  );
}
