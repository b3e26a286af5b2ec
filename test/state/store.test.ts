import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStore } from '../../src/state/store.js';
import { eventually } from '../support/wait.js';
import { baseState } from '../support/ink.js';

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
});
