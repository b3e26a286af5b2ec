import { Box, Text } from 'ink';
import React from 'react';
import type { State } from '../state/state.js';
import { inScope, type KeyBinding } from './keymap.js';
import { displayKey } from './keys/tokenize.js';

function Entry({ binding, state, width }: { readonly binding: KeyBinding; readonly state: State; readonly width: number }): React.JSX.Element {
  const keys = binding.keys.map(displayKey).join(' ');
  return (
    <Text wrap="truncate" dimColor={!(binding.available?.(state) ?? true)}>
      <Text bold>{keys.padEnd(Math.min(14, width / 3))}</Text>
      {binding.help}
      {binding.asks ? ` (asks first: ${binding.asks})` : ''}
    </Text>
  );
}

/** Every key of the main screen from the active keymap; greyed when it does not apply now. */
export function HelpOverlay({ keymap, state, width, height, readonly }: { readonly keymap: readonly KeyBinding[]; readonly state: State; readonly width: number; readonly height: number; readonly readonly: boolean }): React.JSX.Element {
  const entries = inScope(keymap, 'main');
  const rows = Math.max(1, height - 3);
  const columns = entries.length > rows ? 2 : 1;
  const perColumn = Math.ceil(entries.length / columns);
  const columnWidth = Math.floor((width - 4) / columns);
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" paddingX={1}>
      <Text bold wrap="truncate">Keys{readonly ? ' (read-only: nothing that starts, stops or changes load or workers)' : ''} — any key closes</Text>
      <Box flexDirection="row">
        {Array.from({ length: columns }, (_, column) => (
          <Box key={column} flexDirection="column" width={columnWidth}>
            {entries.slice(column * perColumn, (column + 1) * perColumn).map((binding) => (
              <Entry key={binding.id} binding={binding} state={state} width={columnWidth} />
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
