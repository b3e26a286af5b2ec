import { Box, Text, useInput } from 'ink';
import React from 'react';
import { useLineEditor } from './use-line-editor.js';

function YesNo(props: { readonly question: string; readonly onAnswer: (yes: boolean) => void }): React.JSX.Element {
  useInput((input, key) => {
    if (input === 'y' || input === 'Y') props.onAnswer(true);
    else if (input === 'n' || input === 'N' || key.escape) props.onAnswer(false);
  });
  return (
    <Text wrap="truncate">
      <Text bold color="yellow">{props.question}</Text> [y/N]
    </Text>
  );
}

function TypeToConfirm(props: { readonly question: string; readonly expected: string; readonly onAnswer: (yes: boolean) => void }): React.JSX.Element {
  const value = useLineEditor({
    initial: '',
    onSubmit: (typed) => {
      if (typed === props.expected) props.onAnswer(true);
    },
    onCancel: () => props.onAnswer(false),
  });
  const matches = value === props.expected;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="red" paddingX={1}>
      <Text bold color="red">{props.question}</Text>
      <Text>Type <Text bold>{props.expected}</Text> and Enter to confirm, Esc to cancel:</Text>
      <Text>
        {'> '}
        {value}
        <Text inverse> </Text>
        {matches ? <Text color="green">  Enter to confirm</Text> : null}
      </Text>
    </Box>
  );
}

/** Asks before a dangerous action: y/N, or the exact name typed when `typeToConfirm` is set. */
export function ConfirmDangerous(props: { readonly question: string; readonly typeToConfirm?: string; readonly onAnswer: (yes: boolean) => void }): React.JSX.Element {
  return props.typeToConfirm ? <TypeToConfirm question={props.question} expected={props.typeToConfirm} onAnswer={props.onAnswer} /> : <YesNo question={props.question} onAnswer={props.onAnswer} />;
}
