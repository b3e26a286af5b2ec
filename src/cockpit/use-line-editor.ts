// A one-line text field driven by Ink's useInput: printable keys append, Backspace deletes,
// Enter submits, Esc cancels. The modal that uses it swallows every key while it is open.
import { useInput } from 'ink';
import { useState } from 'react';

export function useLineEditor(options: {
  readonly initial: string;
  readonly onSubmit: (value: string) => void;
  readonly onCancel: () => void;
  readonly onChange?: (value: string) => void;
  readonly onTab?: (value: string) => void;
  readonly accept?: (char: string) => boolean;
  readonly isActive?: boolean;
}): string {
  const [value, setValue] = useState(options.initial);
  const update = (next: string): void => {
    setValue(next);
    options.onChange?.(next);
  };
  useInput(
    (input, key) => {
      if (key.escape) return options.onCancel();
      if (key.return) return options.onSubmit(value);
      if (key.tab) return options.onTab?.(value);
      if (key.backspace || key.delete) return update(value.slice(0, -1));
      if (key.ctrl || key.meta || !input) return;
      const accepted = [...input].filter((char) => char >= ' ' && (options.accept?.(char) ?? true)).join('');
      if (accepted) update(value + accepted);
    },
    { isActive: options.isActive ?? true },
  );
  return value;
}
