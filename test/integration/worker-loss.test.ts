import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { findLocust } from '../../src/platforms/local/locust-binary.js';
import { LocalPlatform } from '../../src/platforms/local/local-platform.js';
import { Session } from '../../src/session/session.js';
import { connectedWorkers, workerRows } from '../../src/state/selectors.js';
import { initialState } from '../../src/state/state.js';
import { createStore } from '../../src/state/store.js';
import { isRunning } from '../support/processes.js';
import { eventually } from '../support/wait.js';

describe('the local platform under a real swarm', () => {
  const store = createStore(initialState({ platform: 'local', where: 'local processes', scenario: 'jsonplaceholder', targetHost: '', expectedWorkers: 2, lastSwarm: { users: 6, spawnRate: 6 }, now: Date.now() }), 50);
  const platform = new LocalPlatform({ locust: findLocust(), workers: 2 }, (event) => store.dispatch(event));
  const session = new Session({ platform, store, scenario: { kind: 'bundled', name: 'jsonplaceholder' }, resultsRoot: mkdtempSync(path.join(tmpdir(), 'ltop-results-')), ltopVersion: 'test', pollMs: 2000 });
  let pids: number[] = [];
  after(async () => {
    await session.shutdown();
    store.close();
  });

  it('a killed worker shows as missing, the run goes on, scaling adds a worker back, quitting leaves nothing', async () => {
    assert.equal(await session.start(), true, store.getState().fatal ?? '');
    await session.waitForWorkers(30000);
    assert.equal(await session.swarm(6, 6), true, store.getState().status?.message);
    await eventually(() => (store.getState().locust?.total.requests ?? 0) > 0, 'requests', 20000, 100);
    // the plugin's worker-id line lets the platform join its process with Locust's worker
    await eventually(() => workerRows(store.getState()).filter((row) => row.pid !== null && row.users !== null).length === 2, 'two joined worker rows', 20000, 100);
    pids = platform.livePids();

    const victim = store.getState().platformWorkers[0]!;
    process.kill(victim.pid!, 'SIGKILL');
    await eventually(() => {
      const row = workerRows(store.getState()).find((candidate) => candidate.id === victim.id);
      return row && row.alive === false && row.phase === 'killed(SIGKILL)' ? row : null;
    }, 'the platform to see the worker die', 10000, 100);
    await eventually(() => workerRows(store.getState()).some((row) => row.id === victim.id && row.locustState === 'missing'), 'Locust to report the worker missing', 30000, 200);
    assert.equal(connectedWorkers(store.getState()), 1);
    assert.match(store.getState().logs.map((line) => line.line).join('\n'), /worker-1 .*killed\(SIGKILL\)/);

    const before = store.getState().locust?.total.requests ?? 0;
    await eventually(() => (store.getState().locust?.total.requests ?? 0) > before, 'the run to go on with one worker', 15000, 200);
    assert.equal(store.getState().locust?.state, 'running');

    assert.equal(await session.changeWorkers(1), true);
    await eventually(() => connectedWorkers(store.getState()) === 2, 'a new worker to connect', 30000, 200);
    pids = [...new Set([...pids, ...platform.livePids()])];

    // the master dies: the cockpit says so, with the cause, and keeps going
    const master = store.getState().resources.find((resource) => resource.name === 'master');
    const masterPid = Number(/pid (\d+)/.exec(master?.detail ?? '')?.[1]);
    assert.ok(masterPid > 0, master?.detail);
    process.kill(masterPid, 'SIGKILL');
    await eventually(() => /unreachable/.test(store.getState().locustError ?? ''), 'the poller to report the master unreachable', 10000, 100);
    assert.match(store.getState().logs.map((line) => line.line).join('\n'), /master \(pid \d+\) killed\(SIGKILL\)/);
    assert.equal(store.getState().resources.find((resource) => resource.name === 'master')?.healthy, false);

    await session.shutdown();
    await eventually(() => pids.every((pid) => !isRunning(pid)), 'every process ltop started to be gone', 15000, 100);
  });
});
