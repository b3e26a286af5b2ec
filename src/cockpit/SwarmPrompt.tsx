import { Box, Text } from 'ink';
import React from 'react';
import type { Overlay, TextField } from '../state/state.js';

const LABEL_WIDTH = 'spawn rate/s'.length + 2;

function Field(props: { readonly label: string; readonly field: TextField; readonly active: boolean }): React.JSX.Element {
  return (
    <Text>
      <Text bold={props.active}>{props.label.padEnd(LABEL_WIDTH)}</Text>
      {/* a default still in place shows inverse: the first key typed replaces it */}
      <Text inverse={props.active && props.field.fresh}>{props.field.text}</Text>
      {props.active ? <Text inverse> </Text> : null}
    </Text>
  );
}

/** `s`: users and spawn rate, the last ones as defaults. Its keys are in the keymap (scope swarm). */
export function SwarmPrompt({ prompt }: { readonly prompt: Extract<Overlay, { kind: 'swarm' }> }): React.JSX.Element {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Start swarm</Text>
      <Field label="users" field={prompt.users} active={prompt.field === 'users'} />
      <Field label="spawn rate/s" field={prompt.rate} active={prompt.field === 'rate'} />
      {/* fits the 76 columns inside the box at 80 (Backspace is in ? help) */}
      {prompt.problem ? <Text color="red" wrap="truncate">{prompt.problem}</Text> : <Text dimColor wrap="truncate">type to replace · Ctrl+U clears · Enter next/start · Tab switch · Esc cancel</Text>}
    </Box>
  );
}
