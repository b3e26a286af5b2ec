import { Text } from 'ink';
import React from 'react';
import type { State } from '../state/state.js';
import { inScope, scopeOf, type KeyBinding } from './keymap.js';
import { displayKey } from './keys/tokenize.js';

const ALWAYS: ReadonlySet<string> = new Set(['help', 'quit']);

function entryText(binding: KeyBinding): string {
  return ` ${displayKey(binding.keys[0] ?? '')} ${binding.label}`;
}

/**
 * The keys that apply now, in the scope that has the keys (main screen or the open modal),
 * from the same table as `?` and --readonly. When the line is too narrow, later entries give
 * way; help and quit always stay.
 */
export function footerBindings(keymap: readonly KeyBinding[], state: State, width: number, readonly: boolean): KeyBinding[] {
  const candidates = inScope(keymap, scopeOf(state)).filter((binding) => binding.footer && (binding.available?.(state) ?? true));
  let room = width - (readonly ? 10 : 0) - candidates.filter((binding) => ALWAYS.has(binding.id)).reduce((sum, binding) => sum + entryText(binding).length, 0);
  return candidates.filter((binding) => {
    if (ALWAYS.has(binding.id)) return true;
    room -= entryText(binding).length;
    return room >= 0;
  });
}

export function Footer({ keymap, state, readonly, width }: { readonly keymap: readonly KeyBinding[]; readonly state: State; readonly readonly: boolean; readonly width: number }): React.JSX.Element {
  return (
    <Text wrap="truncate">
      {readonly ? <Text inverse> READONLY </Text> : null}
      {footerBindings(keymap, state, width, readonly).map((binding) => (
        <Text key={binding.id}>
          <Text bold>{` ${displayKey(binding.keys[0] ?? '')}`}</Text>
          <Text dimColor>{` ${binding.label}`}</Text>
        </Text>
      ))}
    </Text>
  );
}
