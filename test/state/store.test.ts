import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStore } from '../../src/state/store.js';
import { eventually } from '../support/wait.js';
import { baseState } from '../support/ink.js';
import { fixtureSnapshot } from '../support/fixtures.js';

describe('store', () => {
  it("sources' events are batched into one redraw per data gap; a key redraws at once", async () => {
    const store = createStore(baseState(), 50, 300);
    let redraws = 0;
    store.subscribe(() => redraws++);
    const t = store.getState().now;
    store.dispatch({ type: 'clock/tick', at: t + 1000 });
    await eventually(() => redraws === 1, 'the first redraw');
    const started = Date.now();
    store.dispatch({ type: 'clock/tick', at: t + 2000 });
    store.dispatch({ type: 'platform/log', source: 'master', line: 'x', at: 0 });
    await eventually(() => redraws === 2, 'the batched redraw');
    assert.ok(Date.now() - started >= 250, 'data waited for its gap');
    assert.equal(store.getState().logs.length, 1, 'the state itself is never held back');
    const pressed = Date.now();
    store.dispatch({ type: 'clock/tick', at: t + 3000 });
    store.dispatch({ type: 'ui/tab', tab: 'logs' });
    await eventually(() => redraws === 3, 'the key redraw');
    assert.ok(Date.now() - pressed < 200, `a key waited ${Date.now() - pressed} ms`);
    store.close();
  });

  it('the clock and side figures draw no frame of their own: they ride along with the next numbers', async () => {
    const store = createStore(baseState(), 50, 300, 3000);
    let redraws = 0;
    store.subscribe(() => redraws++);
    const t = store.getState().now;
    const snapshot = fixtureSnapshot('2.47.0-stats-running.json', t);
    store.dispatch({ type: 'locust/snapshot', snapshot });
    await eventually(() => redraws === 1, 'the first frame of numbers');
    const since = Date.now();
    store.dispatch({ type: 'clock/tick', at: t + 1000 });
    store.dispatch({ type: 'platform/workers', workers: [] });
    store.dispatch({ type: 'platform/log', source: 'master', line: 'x', at: t + 1000 });
    store.dispatch({ type: 'locust/snapshot', snapshot: { ...snapshot, at: t + 2000 } });
    await eventually(() => redraws === 2, 'the next frame of numbers');
    assert.ok(Date.now() - since < 2500, 'the numbers did not wait for the ambient gap');
    // with no numbers coming (the master gone quiet), the clock is still drawn, after the ambient gap
    const quiet = Date.now();
    store.dispatch({ type: 'clock/tick', at: t + 3000 });
    await eventually(() => redraws === 3, 'the clock alone', 10000);
    assert.ok(Date.now() - quiet >= 2500, `the clock alone drew after ${Date.now() - quiet} ms`);
    assert.equal(store.getState().now, t + 3000);
    store.close();
  });
});
