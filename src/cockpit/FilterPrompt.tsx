import { Text } from 'ink';
import React from 'react';

/** `/`: filters the endpoints (or the Logs panel's lines) as you type; Enter keeps the filter, Esc clears it. */
export function FilterPrompt({ text, logs = false }: { readonly text: string; readonly logs?: boolean }): React.JSX.Element {
  return (
    <Text wrap="truncate">
      {logs ? <Text dimColor>logs </Text> : null}
      <Text bold>/</Text>
      {text}
      <Text inverse> </Text>
      <Text dimColor>  Enter keep · Esc clear · Ctrl+U erase</Text>
    </Text>
  );
}
