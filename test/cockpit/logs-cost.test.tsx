// The Logs panel on parsed runtime lines (real Locust 2.47.0 output), its own `/` filter and
// scrolling, and the header's cost meter and --budget from CostSnapshot figures.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import chalk from 'chalk';
import { render } from 'ink-testing-library';
import React from 'react';
import { LogsPanel } from '../../src/cockpit/LogsPanel.js';
import { ColorProvider } from '../../src/cockpit/theme.js';
import { priceTable } from '../../src/cost/prices.js';
import { costSnapshot } from '../../src/cost/snapshot.js';
import { costSegment } from '../../src/render/cost.js';
import { reduce } from '../../src/state/reducer.js';
import type { State } from '../../src/state/state.js';
import { fixtureSnapshot } from '../support/fixtures.js';
import { baseState, KEYS, renderCockpit, type Cockpit } from '../support/ink.js';

const running = fixtureSnapshot('2.46.3-stats-running.json');
const fixture = (name: string): string[] => readFileSync(new URL(`../fixtures/logs/${name}`, import.meta.url), 'utf8').split('\n').filter(Boolean);
const JSON_LINES = fixture('locust-2.47.0-distributed-json.log');
const PLAIN_LINES = fixture('locust-2.47.0-plain.log');

/** the state after the platform sent these lines, as the local platform does (raw text) */
function withLines(state: State, lines: readonly string[], source = 'worker-1'): State {
  return lines.reduce((s, line, index) => reduce(s, { type: 'platform/log', source, line, at: 1_800_000_000_000 + index }), state);
}

let cockpit: Cockpit | null = null;
afterEach(() => {
  cockpit?.unmount();
  cockpit = null;
});

describe('Logs panel', () => {
  it('shows ltop JSON and Locust plain lines as time, source, level and logger: message', async () => {
    cockpit = await renderCockpit({ state: withLines(withLines({ ...baseState(), locust: running }, JSON_LINES), PLAIN_LINES.slice(0, 3), 'master'), columns: 140, rows: 40 });
    await cockpit.press('l');
    const frame = await cockpit.waitFor(/master +INFO +locust\.main: /);
    assert.match(frame, /worker-1 +ERROR +ltop\.scenario\.custom: custom scenario: set LTOP_API_TOKEN/);
    assert.doesNotMatch(frame, /"level"/, 'no raw JSON');
    assert.doesNotMatch(frame, /\[2026-\d\d-\d\d [\d:,]+\] /, "Locust's own prefix is parsed away");
  });

  it('`/` with the Logs panel focused filters its lines (not the endpoints); Esc clears it', async () => {
    cockpit = await renderCockpit({ state: withLines({ ...baseState(), locust: running }, JSON_LINES), columns: 140, rows: 40 });
    await cockpit.press('l', '/', 'E', 'R', 'R', 'O', 'R');
    const frame = await cockpit.waitFor(/filter "ERROR": \d+ of 14 lines/);
    assert.match(frame, /logs \/ERROR/);
    assert.doesNotMatch(frame, /Starting Locust/);
    assert.equal(cockpit.store.getState().ui.filter, '', 'the endpoints are not filtered');
    assert.match(frame, /GET/, 'the endpoints table still lists everything');
    await cockpit.press(KEYS.enter);
    await cockpit.waitFor(/filter "ERROR"/);
    await cockpit.press('/', KEYS.escape);
    await cockpit.waitFor('Starting Locust');
    assert.equal(cockpit.store.getState().ui.logFilter, '');
    await cockpit.press('t', '/', 'p', 'o', 's', 't', KEYS.enter);
    await eventually(() => cockpit!.store.getState().ui.filter === 'post', 'the endpoints filter');
    assert.equal(cockpit.store.getState().ui.logFilter, '');
  });

  it('scrolls the filtered lines; G follows again; the buffer keeps the newest 1000', async () => {
    const many = Array.from({ length: 1200 }, (_, index) => `[2026-12-01 09:12:29,${String(index % 1000).padStart(3, '0')}] vm/${index % 2 ? 'WARNING' : 'INFO'}/locust.runners: line ${index}`);
    const state = withLines({ ...baseState(), locust: running }, many);
    assert.equal(state.logs.length, 1000);
    assert.equal(state.logs[0]?.line, 'line 200', 'oldest dropped first');
    cockpit = await renderCockpit({ state, columns: 120, rows: 30 });
    await cockpit.press('l', '/', 'W', 'A', 'R', 'N', KEYS.enter);
    await cockpit.waitFor(/line 1199/);
    await cockpit.press('k', 'k', 'k');
    const scrolled = await cockpit.waitFor(/line 497 of 500 · G follows/);
    assert.doesNotMatch(scrolled, /line 1199/);
    assert.doesNotMatch(scrolled, /INFO/, 'only WARNING lines');
    await cockpit.press('G');
    await cockpit.waitFor(/following/);
    await cockpit.waitFor(/line 1199/);
  });

  it('colours levels, and not under NO_COLOR', () => {
    const state = { ...withLines(baseState(), JSON_LINES.filter((l) => l.includes('"ERROR"')).slice(0, 1)), ui: { ...baseState().ui, tab: 'logs' as const } };
    const draw = (color: boolean): string => {
      // the test's output is no terminal: chalk would drop every colour; a terminal would not
      const level = chalk.level;
      chalk.level = 1;
      try {
        const { lastFrame, unmount } = render(<ColorProvider color={color}><LogsPanel state={state} width={120} height={5} /></ColorProvider>);
        const frame = lastFrame() ?? '';
        unmount();
        return frame;
      } finally {
        chalk.level = level;
      }
    };
    assert.match(draw(true), /\x1b\[31mERROR/);
    assert.doesNotMatch(draw(false), /\x1b\[3\dm/);
  });
});

const HOUR = 3_600_000;
const NOW = 1_800_000_000_000;
// two t3.medium on-demand nodes in us-east-1 ($0.0416/h each), up 2 h, 1 h of the planned run left
const snapshotAt = (budget?: number) =>
  costSnapshot({
    resources: { nodes: [0, 1].map((i) => ({ name: `ip-10-0-1-${i}`, instanceType: 't3.medium', capacity: 'on-demand' as const, createdAt: NOW - 2 * HOUR })) },
    prices: priceTable('us-east-1'),
    now: NOW,
    plannedEnd: NOW + HOUR,
    ...(budget !== undefined ? { budget } : {}),
  });

describe('header cost meter', () => {
  it('pure: $/h, spent and the planned run; nothing without a snapshot', () => {
    assert.equal(costSegment(null), null);
    assert.deepEqual(costSegment(snapshotAt()), { meter: '$0.08/h · $0.17 spent · ~$0.25 for the planned run', budget: null, level: 'ok' });
    assert.equal(costSegment(snapshotAt(0.2))?.level, 'warning');
    assert.match(costSegment(snapshotAt(0.2))?.budget ?? '', /83% of the \$0\.20 budget spent/);
    assert.equal(costSegment(snapshotAt(0.15))?.level, 'breach');
  });

  it('shows nothing on a platform without a meter, the figures once a snapshot comes, and the 80 % warning', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running }, columns: 140 });
    const before = await cockpit.waitFor('RUNNING');
    assert.doesNotMatch(before, /\$/);
    cockpit.dispatch({ type: 'cost/snapshot', snapshot: snapshotAt() });
    await cockpit.waitFor('$0.08/h · $0.17 spent · ~$0.25 for the planned run');
    cockpit.dispatch({ type: 'cost/snapshot', snapshot: snapshotAt(0.2) });
    await cockpit.waitFor(/⚠ 83% of the \$0\.20 budget spent/);
  });

  it('at 100 % asks once to stop and tear down; yes tears down', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), platform: 'kube', confirmName: 'ltop', locust: running }, columns: 140 });
    await cockpit.waitFor('RUNNING');
    cockpit.dispatch({ type: 'cost/snapshot', snapshot: snapshotAt(0.15) });
    await cockpit.waitFor('budget reached: stop the test and tear down?');
    await cockpit.press('n');
    await eventually(() => cockpit!.store.getState().ui.overlay.kind === 'none', 'the question closed');
    cockpit.dispatch({ type: 'cost/snapshot', snapshot: snapshotAt(0.15) });
    assert.equal(cockpit.store.getState().ui.overlay.kind, 'none', 'asked once');
    assert.deepEqual(cockpit.calls, []);
    // a new breach (the budget was back under, e.g. a lower figure after a node went) asks again
    const asked = reduce(reduce(cockpit.store.getState(), { type: 'cost/snapshot', snapshot: snapshotAt(1) }), { type: 'cost/snapshot', snapshot: snapshotAt(0.15) });
    assert.equal(asked.ui.overlay.kind, 'confirm');
    cockpit.unmount();
    cockpit = await renderCockpit({ state: { ...baseState(), platform: 'kube', confirmName: 'ltop', locust: running }, columns: 140 });
    cockpit.dispatch({ type: 'cost/snapshot', snapshot: snapshotAt(0.15) });
    await cockpit.waitFor('budget reached');
    await cockpit.press('y');
    await eventually(() => cockpit!.calls.some(([name]) => name === 'teardown'), 'the teardown action');
  });
});

async function eventually(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
