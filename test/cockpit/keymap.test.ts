import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { footerEntries } from '../../src/cockpit/Footer.js';
import { activeKeymap, bindingFor, KEYMAP, type Scope } from '../../src/cockpit/keymap.js';
import { keysMarkdown } from '../../src/cockpit/keys/doc.js';
import { computeLayout } from '../../src/cockpit/layout.js';
import { repoRoot } from '../support/cli.js';
import { fixtureSnapshot } from '../support/fixtures.js';
import { baseState } from '../support/ink.js';

describe('keymap', () => {
  it('no key is bound twice in one scope', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const binding of KEYMAP) {
      for (const key of binding.keys) {
        const slot = `${binding.scope}:${key}`;
        if (seen.has(slot)) duplicates.push(`${slot} (${seen.get(slot)} and ${binding.id})`);
        seen.set(slot, binding.id);
      }
    }
    assert.deepEqual(duplicates, []);
  });

  it('every modal can be left with Esc or Ctrl+C', () => {
    const modals: Scope[] = ['help', 'swarm', 'filter', 'scenario', 'confirm', 'type-confirm', 'detail'];
    for (const scope of modals) {
      assert.ok(bindingFor(KEYMAP, scope, 'escape'), `${scope}: Esc`);
      assert.ok(bindingFor(KEYMAP, scope, 'ctrl+c'), `${scope}: Ctrl+C`);
    }
  });

  it('--readonly registers nothing that starts, stops or changes load or workers', () => {
    const readonly = activeKeymap(true);
    for (const key of ['s', 'x', '+', '-', ']', '[', 'c', 'r', 'D']) assert.equal(bindingFor(readonly, 'main', key), undefined, `${key} is gone`);
    for (const key of ['/', '?', 'q', 'j', 'enter', 'tab']) assert.ok(bindingFor(readonly, 'main', key), `${key} stays`);
  });

  it("README.md's key table is the keymap's", () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Keys'), readme.indexOf('\n## ', readme.indexOf('### Keys')));
    const table = section.split('\n').filter((line) => line.startsWith('|')).join('\n');
    assert.equal(table, keysMarkdown(KEYMAP), 'regenerate the table in README.md with keysMarkdown(KEYMAP)');
  });

  it('the footer fits 80 columns while running, with every key it has room for: filter, help and quit too', () => {
    const running = { ...baseState(), locust: fixtureSnapshot('2.46.3-stats-running.json') };
    const shown = footerEntries(KEYMAP, running, 80, false);
    const text = shown.map((entry) => ` ${entry.keys} ${entry.label}`).join('');
    assert.ok(text.length <= 80, text);
    assert.equal(text, ' s swarm x stop +/- users ]/[ workers c scenario / filter ? help q quit');
  });

  it("an open modal's footer shows the modal's keys", () => {
    const state = baseState();
    const prompt = { ...state, ui: { ...state.ui, overlay: { kind: 'confirm' as const, question: 'Stop?', action: { kind: 'stop' as const } } } };
    assert.deepEqual(footerEntries(KEYMAP, prompt, 80, false).map((entry) => entry.id), ['confirm-yes', 'confirm-no']);
  });
});

describe('layout', () => {
  for (const [height, endpoints] of [
    [24, 6],
    [24, 40],
    [60, 6],
    [60, 200],
  ] as const) {
    it(`${height} rows with ${endpoints} endpoints: the sections add up to the screen`, () => {
      const layout = computeLayout(height, endpoints, true);
      const total = layout.header + layout.table + layout.charts + layout.bottom + layout.status + layout.footer;
      assert.ok(total <= height, `${total} > ${height}`);
      assert.ok(layout.charts >= 4 && layout.bottom >= 3 && layout.table >= 5);
    });
  }
});
