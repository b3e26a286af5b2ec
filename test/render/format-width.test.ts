// Table cells are cut and padded in terminal columns: an endpoint named in CJK or with emoji
// keeps the columns after it where the header says (a user trial saw Size pushed off screen).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import stringWidth from 'string-width';
import { formatRow } from '../../src/cockpit/Table.js';
import { ENDPOINT_COLUMNS, columnWidths } from '../../src/render/rows.js';
import { fit, truncate } from '../../src/render/format.js';

describe('cells in terminal columns', () => {
  it('fit pads and cuts CJK, emoji and accents to exactly the width, never splitting a character', () => {
    for (const text of ['/日本語/テスト/ポスト一覧', '/emoji/😀🚀/posts', 'é', 'e\u0301te', '/posts', '']) {
      for (const width of [1, 2, 5, 8, 13, 40]) {
        for (const align of ['left', 'right'] as const) {
          const cell = fit(text, width, align);
          assert.equal(stringWidth(cell), width, `${JSON.stringify(text)} at ${width}: ${JSON.stringify(cell)}`);
          assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cell), `no half surrogate pair in ${JSON.stringify(cell)}`);
        }
      }
    }
    assert.equal(truncate('/日本語', 4), '/日…');
    assert.equal(truncate('😀😀', 3), '😀…');
  });

  it('an endpoint row with a CJK name lines up under the header at 80 columns', () => {
    const columns = ENDPOINT_COLUMNS.map(({ header, width, align, grow, maxWidth }) => ({ header, width, align, ...(grow ? { grow } : {}), ...(maxWidth ? { maxWidth } : {}) }));
    const widths = columnWidths(columns, 79);
    const header = formatRow(columns, widths, columns.map((column) => column.header));
    const row = formatRow(columns, widths, ['GET', '/日本語/テスト/ポスト一覧', '16', '0', '1.3', '9', '16', '16', '16', '23k']);
    assert.equal(stringWidth(row), stringWidth(header));
    assert.ok(row.endsWith('23k'), row);
  });
});
