import { Text } from 'ink';
import React from 'react';
import type { State } from '../state/state.js';
import { inScope, scopeOf, type KeyBinding } from './keymap.js';
import { displayKey } from './keys/tokenize.js';

const ALWAYS: ReadonlySet<string> = new Set(['help', 'quit']);

/** One footer entry: a binding, or a group of them shown as `+/- users`. */
export interface FooterEntry {
  readonly id: string;
  readonly keys: string;
  readonly label: string;
}

function entryText(entry: FooterEntry): string {
  return ` ${entry.keys} ${entry.label}`;
}

/** Bindings of one footerGroup become one entry, at the place of the first of them. */
function entriesOf(bindings: readonly KeyBinding[]): FooterEntry[] {
  const entries: { id: string; keys: string[]; label: string }[] = [];
  for (const binding of bindings) {
    const key = displayKey(binding.keys[0] ?? '');
    const group = binding.footerGroup ? entries.find((entry) => entry.label === binding.footerGroup) : undefined;
    if (group) group.keys.push(key);
    else entries.push({ id: binding.id, keys: [key], label: binding.footerGroup ?? binding.label });
  }
  return entries.map((entry) => ({ ...entry, keys: entry.keys.join('/') }));
}

/**
 * The keys that apply now, in the scope that has the keys (main screen or the open modal),
 * from the same table as `?` and --readonly. When the line is too narrow, later entries give
 * way; help and quit always stay.
 */
export function footerEntries(keymap: readonly KeyBinding[], state: State, width: number, readonly: boolean): FooterEntry[] {
  const candidates = entriesOf(inScope(keymap, scopeOf(state)).filter((binding) => binding.footer && (binding.available?.(state) ?? true)));
  let room = width - (readonly ? 10 : 0) - candidates.filter((entry) => ALWAYS.has(entry.id)).reduce((sum, entry) => sum + entryText(entry).length, 0);
  return candidates.filter((entry) => {
    if (ALWAYS.has(entry.id)) return true;
    room -= entryText(entry).length;
    return room >= 0;
  });
}

export function Footer({ keymap, state, readonly, width }: { readonly keymap: readonly KeyBinding[]; readonly state: State; readonly readonly: boolean; readonly width: number }): React.JSX.Element {
  return (
    <Text wrap="truncate">
      {readonly ? <Text inverse> READONLY </Text> : null}
      {footerEntries(keymap, state, width, readonly).map((entry) => (
        <Text key={entry.id}>
          <Text bold>{` ${entry.keys}`}</Text>
          <Text dimColor>{` ${entry.label}`}</Text>
        </Text>
      ))}
    </Text>
  );
}
