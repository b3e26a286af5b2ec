// One-line text fields, pure: the swarm prompt, the filter and typed confirmations edit
// their text through these, one key at a time, so several keys in one read each count.
import type { TextField } from './state.js';

/** A field showing a default: the first character typed replaces it (as in a selected input). */
export function defaultField(text: string): TextField {
  return { text, fresh: true };
}

export function emptyField(): TextField {
  return { text: '', fresh: false };
}

export function typeChar(field: TextField, char: string): TextField {
  return { text: field.fresh ? char : field.text + char, fresh: false };
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** `text` without its last character as the user sees it (an emoji, an accented letter): never half of one. */
export function withoutLastChar(text: string): string {
  let last = 0;
  for (const { index } of graphemes.segment(text)) last = index;
  return text.slice(0, last);
}

/** Backspace deletes one character, the default's too (the user then edits it). */
export function deleteChar(field: TextField): TextField {
  return { text: withoutLastChar(field.text), fresh: false };
}

/** Ctrl+U, as in a shell: the whole line. */
export function clearField(): TextField {
  return emptyField();
}

/**
 * A count of users: digits only, as many as typed. Nothing is cut silently: a count too large to
 * ask Locust for exactly is refused with a reason when the prompt is submitted.
 */
export function acceptsCount(_field: TextField, char: string): boolean {
  return /^[0-9]$/.test(char);
}

/** A spawn rate: digits and one decimal point (Locust takes a float). */
export function acceptsRate(field: TextField, char: string): boolean {
  if (/^[0-9]$/.test(char)) return true;
  return char === '.' && (field.fresh || !field.text.includes('.'));
}
