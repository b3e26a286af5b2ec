// The narrow fast paths answer exactly what the installed string-width and ansi-tokenize answer:
// every character of the set, and random lines of narrow text, SGR codes and text that is not
// narrow (wide CJK, emoji, combining marks, other escape sequences), which must fall back.
import { tokenize } from '@alcalzone/ansi-tokenize';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import stringWidth from 'string-width';
import { NARROW_CHARACTER, narrowTokenizer, narrowWidth } from '../../src/render/narrow-text.js';

const narrow = new RegExp(`^${NARROW_CHARACTER}$`);
const members: string[] = [];
for (let codePoint = 0; codePoint <= 0x3000; codePoint++) {
  const character = String.fromCodePoint(codePoint);
  if (narrow.test(character)) members.push(character);
}
const graphemes = (text: string): number => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length;
const fastTokenize = narrowTokenizer(tokenize, tokenize);

describe('narrow text', () => {
  it('each character of the set is one grapheme, one column and one narrow token in the packages', () => {
    assert.ok(members.length > 800, `${members.length} characters`);
    for (const character of members) {
      assert.equal(stringWidth(character), 1, `U+${character.codePointAt(0)!.toString(16)}`);
      assert.deepEqual(tokenize(character), [{ type: 'char', value: character, fullWidth: false }]);
    }
    const all = members.join('');
    assert.equal(graphemes(all), members.length);
    assert.equal(narrowWidth(all), stringWidth(all));
    assert.deepEqual(fastTokenize(all), tokenize(all));
  });

  it('a cockpit line, coloured, is answered without the packages and as they answer', () => {
    const line = '\u001B[1m RUNNING \u001B[22m 20 users · \u001B[32m2/2 workers\u001B[39m ╭─┤ 12.5 ┼━━╴ ⠁⣿ › Reqs↓ — …\u001B[38;5;208m⚠\u001B[39m\u001B[m';
    assert.equal(narrowWidth(line), stringWidth(line));
    let asked = 0;
    const counted = narrowTokenizer(
      (text) => {
        asked++;
        return tokenize(text);
      },
      tokenize,
    );
    assert.deepEqual(counted(line), tokenize(line));
    assert.equal(asked, 0);
  });

  it('random lines agree with the packages, and what is not narrow falls back to them', () => {
    const pieces = [...members.filter((_, index) => index % 37 === 0), 'a', ' ', '1', '\u001B[31m', '\u001B[39m', '\u001B[1;4m', '\u001B[38;2;10;20;30m', '\u001B[m', '\u001B[K', '\u001B]8;;http://127.0.0.1/\u0007', '中', '😀', 'e\u0301', '\u00AD', '\u200D', '\u25FD', '\u2614', '\uFE0F', '\t', '\u001B', '\u009B', '한'];
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let fellBack = 0;
    for (let round = 0; round < 3000; round++) {
      let line = '';
      const length = Math.floor(random() * 40);
      for (let index = 0; index < length; index++) line += pieces[Math.floor(random() * pieces.length)];
      const width = narrowWidth(line);
      if (width === null) fellBack++;
      else assert.equal(width, stringWidth(line), JSON.stringify(line));
      assert.deepEqual(fastTokenize(line), tokenize(line), JSON.stringify(line));
    }
    assert.ok(fellBack > 100 && fellBack < 2900, `${fellBack} fell back`);
  });
});
