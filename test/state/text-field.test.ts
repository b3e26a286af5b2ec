import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deleteChar, emptyField, typeChar, withoutLastChar } from '../../src/state/text-field.js';

describe('Backspace in a text field', () => {
  it('deletes one character as the user sees it: an emoji, an accented letter, a CJK character', () => {
    let field = emptyField();
    for (const char of ['p', 'ö', '日', '😀']) field = typeChar(field, char);
    assert.equal(deleteChar(field).text, 'pö日');
    assert.equal(withoutLastChar('cafe\u0301'), 'caf');
    assert.equal(withoutLastChar('👍🏽x'), '👍🏽');
    assert.equal(withoutLastChar('👍🏽'), '');
    assert.equal(withoutLastChar(''), '');
  });
});
