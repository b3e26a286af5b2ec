// What the cockpit draws is printable ASCII plus a few narrow symbols (· — … › ↓ ⚠, box drawing,
// block elements, braille), coloured with SGR codes. For such text, string-width and
// ansi-tokenize give answers that follow from the characters alone: each is one grapheme one
// column wide. They still walk every line through Intl.Segmenter and emoji regexes, a large part
// of a frame (npm run bench:frame). These two functions answer those lines directly and hand
// anything else to the packages themselves; test/render/narrow-text.test.ts checks every
// character of the set against them.

/**
 * One code point, one grapheme, one column, in string-width and ansi-tokenize alike. Excluded
 * from the ranges: U+00AD (soft hyphen, zero wide) and U+25FD-U+25FE (emoji, two wide).
 */
export const NARROW_CHARACTER = '[\\u0020-\\u007E\\u00A0-\\u00AC\\u00AE-\\u00FF\\u2010-\\u2027\\u2030-\\u205E\\u2190-\\u21FF\\u2500-\\u25FC\\u25FF\\u26A0\\u2800-\\u28FF]';
const SGR = '\\u001B\\[[0-9;]*m';

const narrowOnly = new RegExp(`^${NARROW_CHARACTER}*$`);
const sgrAndNarrow = new RegExp(`^(?:${SGR}|${NARROW_CHARACTER})*$`);
const pieces = new RegExp(`${SGR}|${NARROW_CHARACTER}+`, 'g');
const sgrOnly = /\u001B\[[0-9;]*m/g;

/** string-width's answer when the text is SGR codes and narrow characters; null when it must be asked */
export function narrowWidth(text: string): number | null {
  const visible = text.includes('\u001B') ? text.replace(sgrOnly, '') : text;
  return narrowOnly.test(visible) ? visible.length : null;
}

export interface CharToken {
  readonly type: 'char';
  readonly value: string;
  readonly fullWidth: boolean;
}

/**
 * ansi-tokenize's tokenize for text made of SGR codes and narrow characters: each code is
 * tokenized by `tokenizeCode` (the package, remembered: a screen has few distinct codes), each
 * character becomes its own narrow token. Anything else goes to `tokenizeAny` whole.
 */
export function narrowTokenizer<Token>(tokenizeAny: (text: string) => Token[], tokenizeCode: (code: string) => Token[]): (text: string) => Array<Token | CharToken> {
  return (text) => {
    if (!sgrAndNarrow.test(text)) return tokenizeAny(text);
    const tokens: Array<Token | CharToken> = [];
    for (const [piece] of text.matchAll(pieces)) {
      if (piece.charCodeAt(0) === 0x1b) {
        for (const token of tokenizeCode(piece)) tokens.push(token);
        continue;
      }
      for (const value of piece) tokens.push({ type: 'char', value, fullWidth: false });
    }
    return tokens;
  };
}
