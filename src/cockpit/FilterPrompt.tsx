import { Text } from 'ink';
import React from 'react';
import { useLineEditor } from './use-line-editor.js';

/** `/`: filters the endpoints as you type; Enter keeps the filter, Esc clears it. */
export function FilterPrompt(props: { readonly initial: string; readonly onChange: (filter: string) => void; readonly onClose: () => void }): React.JSX.Element {
  const value = useLineEditor({
    initial: props.initial,
    onChange: props.onChange,
    onSubmit: () => props.onClose(),
    onCancel: () => {
      props.onChange('');
      props.onClose();
    },
  });
  return (
    <Text wrap="truncate">
      <Text bold>/</Text>
      {value}
      <Text inverse> </Text>
      <Text dimColor>  Enter keep · Esc clear</Text>
    </Text>
  );
}
