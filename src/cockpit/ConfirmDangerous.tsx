import { Box, Text } from 'ink';
import React from 'react';
import type { Overlay } from '../state/state.js';
import { useTone } from './theme.js';

/** y/N before a dangerous action; Enter takes the default, No. */
export function Confirm({ prompt }: { readonly prompt: Extract<Overlay, { kind: 'confirm' }> }): React.JSX.Element {
  const tone = useTone();
  return (
    <Box borderStyle="round" paddingX={1}>
      {/* wraps rather than cuts: at 80 columns the quit question's Ctrl+C hint is its second line */}
      <Text wrap="wrap">
        <Text bold color={tone('yellow')}>{prompt.question}</Text> [y/N]
        {prompt.action.kind === 'quit' ? <Text dimColor>  (Ctrl+C again quits)</Text> : null}
      </Text>
    </Box>
  );
}

/** Destroy: the exact name typed before Enter does anything (cli-kit's DangerousConfirmationPrompt). */
export function TypeToConfirm({ prompt }: { readonly prompt: Extract<Overlay, { kind: 'type-confirm' }> }): React.JSX.Element {
  const tone = useTone();
  const matches = prompt.typed === prompt.expected;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={tone('red')} paddingX={1}>
      <Text bold color={tone('red')}>{prompt.question}</Text>
      <Text>
        Type <Text bold>{prompt.expected}</Text> and Enter to confirm, Esc to cancel:
      </Text>
      <Text>
        {'> '}
        {prompt.typed}
        <Text inverse> </Text>
        {matches ? <Text color={tone('green')}>  Enter to confirm</Text> : null}
      </Text>
      {prompt.mismatch && !matches ? (
        <Text wrap="truncate" color={tone('red')}>
          {prompt.typed === '' ? 'nothing typed' : `"${prompt.typed}" is not ${prompt.expected}`}: nothing was destroyed; type the name exactly, or Esc
        </Text>
      ) : null}
    </Box>
  );
}
