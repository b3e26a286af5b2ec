// The `?` overlay's text, pure: one entry per main-screen key, its help wrapped at words to the
// width (never cut), so that at 80x24 every word can be read by scrolling.
import type { State } from '../state/state.js';
import type { KeyBinding } from './keymap.js';
import { displayKey } from './keys/tokenize.js';

export interface HelpLine {
  /** the keys, on an entry's first line only */
  readonly keys: string;
  readonly text: string;
  /** the key does not apply now */
  readonly dim: boolean;
}

const KEYS_WIDTH = 12;

/** Words into lines of at most `width` characters; a word longer than that is split. */
export function wrapWords(text: string, width: number): string[] {
  const room = Math.max(1, width);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (let piece = word; piece; ) {
      const candidate = line ? `${line} ${piece}` : piece;
      if (candidate.length <= room) {
        line = candidate;
        piece = '';
      } else if (line) {
        lines.push(line);
        line = '';
      } else {
        lines.push(piece.slice(0, room));
        piece = piece.slice(room);
      }
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** The help's lines for a text area `width` columns wide. */
export function helpLines(keymap: readonly KeyBinding[], state: State, width: number): HelpLine[] {
  const keysWidth = Math.min(KEYS_WIDTH, Math.floor(width / 3));
  return keymap.filter((binding) => binding.scope === 'main').flatMap((binding) => {
    const dim = !(binding.available?.(state) ?? true);
    const text = `${binding.help}${binding.asks ? ` (asks first: ${binding.asks})` : ''}`;
    return wrapWords(text, width - keysWidth).map((part, index) => ({ keys: (index === 0 ? binding.keys.map(displayKey).join(' ') : '').padEnd(keysWidth), text: part, dim }));
  });
}

/** The overlay's text width: inside its border and padding. */
export function helpTextWidth(width: number): number {
  return Math.max(1, width - 4);
}

/** The overlay's text rows: inside its border, below its title, above its position line. */
export function helpRows(height: number): number {
  return Math.max(1, height - 4);
}

/** The first line shown for a wanted `top`: never past the last full page. */
export function helpTop(lines: number, rows: number, top: number): number {
  return Math.max(0, Math.min(top, lines - rows));
}
