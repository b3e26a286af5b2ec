import { Box, Text } from 'ink';
import React from 'react';

/** `c`: pick a bundled scenario with ↑/↓ (j/k) and Enter; Esc cancels. */
export function ScenarioPicker(props: { readonly scenarios: readonly string[]; readonly current: string; readonly index: number }): React.JSX.Element {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Switch scenario (restarts master and workers; results are saved first)</Text>
      {props.scenarios.length === 0 ? <Text color="red">no scenarios found in scenarios/</Text> : null}
      {props.scenarios.map((name, position) => (
        <Text key={name} inverse={position === props.index}>
          {position === props.index ? '› ' : '  '}
          {name}
          {name === props.current ? ' (current)' : ''}
        </Text>
      ))}
      <Text dimColor>↑/↓ choose · Enter switch · Esc cancel</Text>
    </Box>
  );
}
