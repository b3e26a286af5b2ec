import { Text } from 'ink';
import React from 'react';

/** `/`: filters the endpoints as you type; Enter keeps the filter, Esc clears it. */
export function FilterPrompt({ text }: { readonly text: string }): React.JSX.Element {
  return (
    <Text wrap="truncate">
      <Text bold>/</Text>
      {text}
      <Text inverse> </Text>
      <Text dimColor>  Enter keep · Esc clear · Ctrl+U erase</Text>
    </Text>
  );
}
