import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activeKeymap, KEYMAP } from '../../src/cockpit/keymap.js';
import { computeLayout } from '../../src/cockpit/layout.js';
import { footerBindings } from '../../src/cockpit/Footer.js';
import { fixtureSnapshot } from '../support/fixtures.js';
import { baseState } from '../support/ink.js';

describe('keymap', () => {
  it('no key is bound twice', () => {
    const keys = KEYMAP.flatMap((binding) => binding.keys);
    const duplicates = keys.filter((key, index) => keys.indexOf(key) !== index);
    assert.deepEqual(duplicates, []);
  });

  it('--readonly removes exactly the dangerous actions', () => {
    const readonly = activeKeymap(true).map((binding) => binding.id);
    for (const id of ['stop', 'workers-down', 'scenario', 'reset', 'teardown']) assert.ok(!readonly.includes(id as never), `${id} is gone`);
    for (const id of ['swarm', 'users-up', 'filter', 'help', 'quit']) assert.ok(readonly.includes(id as never), `${id} stays`);
  });

  it('stopping a running test asks first; destroy asks for the name to be typed', () => {
    const running = { ...baseState(), locust: fixtureSnapshot('2.46.3-stats-running.json') };
    assert.ok(KEYMAP.find((binding) => binding.id === 'stop')?.confirm?.(running));
    const kube = { ...running, platform: 'kube' as const, where: 'ctx/ltop' };
    assert.equal(KEYMAP.find((binding) => binding.id === 'teardown')?.confirm?.(kube)?.typeToConfirm, 'ctx/ltop');
  });

  it('the footer fits 80 columns and always keeps help and quit', () => {
    const running = { ...baseState(), locust: fixtureSnapshot('2.46.3-stats-running.json') };
    const shown = footerBindings(KEYMAP, running, 80, false);
    const text = shown.map((binding) => ` ${binding.keys[0]} ${binding.label}`).join('');
    assert.ok(text.length <= 80, text);
    assert.ok(shown.some((binding) => binding.id === 'help') && shown.some((binding) => binding.id === 'quit'));
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
      const layout = computeLayout(height, endpoints);
      const total = layout.header + layout.table + layout.charts + layout.bottom + layout.status + layout.footer;
      assert.ok(total <= height, `${total} > ${height}`);
      assert.ok(layout.charts >= 4 && layout.bottom >= 3 && layout.table >= 4);
    });
  }
});
