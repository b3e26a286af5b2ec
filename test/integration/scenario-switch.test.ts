import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { findLocust } from '../../src/platforms/local/locust-binary.js';
import { LocalPlatform } from '../../src/platforms/local/local-platform.js';
import type { RunSummary } from '../../src/report/summary.js';
import { Session } from '../../src/session/session.js';
import { initialState } from '../../src/state/state.js';
import { createStore } from '../../src/state/store.js';
import { eventually } from '../support/wait.js';

describe('switching scenario on the local platform', () => {
  const results = mkdtempSync(path.join(tmpdir(), 'ltop-switch-'));
  const store = createStore(initialState({ platform: 'local', where: 'local processes', scenario: 'jsonplaceholder', targetHost: '', expectedWorkers: 1, lastSwarm: { users: 4, spawnRate: 4 }, now: Date.now() }), 50);
  const session = new Session({ platform: new LocalPlatform({ locust: findLocust(), workers: 1 }, (event) => store.dispatch(event)), store, scenario: { kind: 'bundled', name: 'jsonplaceholder' }, resultsRoot: results, ltopVersion: 'test' });
  after(async () => {
    await session.shutdown();
    store.close();
  });

  it('saves the running test, restarts master and workers on the new scenario, and swarms it', async () => {
    assert.ok(await session.start());
    await session.waitForWorkers(30000);
    assert.ok(await session.swarm(4, 4));
    await eventually(() => (store.getState().locust?.total.requests ?? 0) > 0, 'jsonplaceholder requests', 20000, 100);
    const firstMaster = store.getState().masterUrl;

    assert.ok(await session.switchScenario({ kind: 'bundled', name: 'httpbin' }), store.getState().status?.message);
    const saved = readdirSync(results);
    assert.equal(saved.length, 1, 'the first run was saved before the switch');
    const first = JSON.parse(readFileSync(path.join(results, saved[0]!, 'summary.json'), 'utf8')) as RunSummary;
    assert.equal(first.scenario, 'jsonplaceholder');
    assert.ok(first.totals.requests > 0);

    assert.equal(store.getState().scenario, 'httpbin');
    assert.notEqual(store.getState().masterUrl, firstMaster, 'a new master');
    await session.waitForWorkers(30000);
    assert.ok(await session.swarm(4, 4));
    await eventually(() => store.getState().locust?.endpoints.some((endpoint) => endpoint.name.startsWith('/get')), 'httpbin requests', 20000, 100);
    assert.ok(store.getState().locust?.endpoints.every((endpoint) => !endpoint.name.startsWith('/posts')), 'only the new scenario\'s requests');
  });
});
