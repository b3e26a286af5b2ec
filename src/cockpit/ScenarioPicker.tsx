import { Box, Text, useInput } from 'ink';
import React, { useState } from 'react';

/** `c`: pick a bundled scenario with ↑/↓ and Enter; Esc cancels. */
export function ScenarioPicker(props: { readonly scenarios: readonly string[]; readonly current: string; readonly onPick: (name: string) => void; readonly onCancel: () => void }): React.JSX.Element {
  const [index, setIndex] = useState(Math.max(0, props.scenarios.indexOf(props.current)));
  useInput((input, key) => {
    if (key.escape) return props.onCancel();
    if (key.upArrow || input === 'k') return setIndex((current) => Math.max(0, current - 1));
    if (key.downArrow || input === 'j') return setIndex((current) => Math.min(props.scenarios.length - 1, current + 1));
    if (key.return) {
      const picked = props.scenarios[index];
      if (picked) props.onPick(picked);
    }
  });
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Switch scenario (restarts master and workers; results are saved first)</Text>
      {props.scenarios.length === 0 ? <Text color="red">no scenarios found in scenarios/</Text> : null}
      {props.scenarios.map((name, position) => (
        <Text key={name} inverse={position === index}>
          {position === index ? '› ' : '  '}
          {name}
          {name === props.current ? ' (current)' : ''}
        </Text>
      ))}
      <Text dimColor>↑/↓ choose · Enter switch · Esc cancel</Text>
    </Box>
  );
}
