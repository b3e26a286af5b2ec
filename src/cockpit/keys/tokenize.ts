// Ink hands useInput one read of stdin at a time. Several keys can arrive in one read (key
// repeat, SSH batching, tmux send-keys `s50`): this turns a read into the keys it holds, each
// named the way the keymap names them.
import type { Key } from 'ink';

const SPECIAL: readonly (readonly [keyof Key, string])[] = [
  ['return', 'enter'],
  ['escape', 'escape'],
  ['backspace', 'backspace'],
  ['delete', 'backspace'],
  ['upArrow', 'up'],
  ['downArrow', 'down'],
  ['leftArrow', 'left'],
  ['rightArrow', 'right'],
  ['pageUp', 'pgup'],
  ['pageDown', 'pgdn'],
  ['home', 'home'],
  ['end', 'end'],
];

function charKey(char: string): string | null {
  if (char === '\r' || char === '\n') return 'enter';
  if (char === '\t') return 'tab';
  if (char === '\u007f' || char === '\b') return 'backspace';
  if (char === '\u0003') return 'ctrl+c';
  if (char === '\u0015') return 'ctrl+u';
  if (char === ' ') return 'space';
  return char >= ' ' ? char : null;
}

export function tokenize(input: string, key: Key): string[] {
  if (key.tab) return [key.shift ? 'shift+tab' : 'tab'];
  if (key.ctrl && input.length === 1) return [`ctrl+${input.toLowerCase()}`];
  for (const [flag, name] of SPECIAL) if (key[flag] === true) return [name];
  // Esc then a key in the same read arrives as Alt+key: ltop binds no Alt keys, so it is both.
  if (key.meta) return ['escape', ...[...input].map(charKey).filter((name): name is string => name !== null)];
  return [...input].map(charKey).filter((name): name is string => name !== null);
}

/** How a key is written on screen and in the README. */
export function displayKey(key: string): string {
  const names: Record<string, string> = { tab: 'Tab', 'shift+tab': 'Shift+Tab', enter: 'Enter', escape: 'Esc', backspace: 'Backspace', up: '↑', down: '↓', pgup: 'PgUp', pgdn: 'PgDn', home: 'Home', end: 'End', space: 'Space', '<digit>': '0-9', '<char>': 'text', '<any>': 'any key' };
  if (names[key]) return names[key];
  if (key.startsWith('ctrl+')) return `Ctrl+${key.slice(5).toUpperCase()}`;
  return key;
}
