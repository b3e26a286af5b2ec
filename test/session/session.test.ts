// Session against a fake platform and a stand-in master (test/support/fake-locust.ts): fast
// checks of what the user notices — final numbers, folders, steps, memory, a lost master.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { EmitPlatformEvent, Platform } from '../../src/platforms/platform.js';
import type { RunSummary } from '../../src/report/summary.js';
import { Session } from '../../src/session/session.js';
import { elapsedMs, phase } from '../../src/state/selectors.js';
import { initialState } from '../../src/state/state.js';
import { createStore, type Store } from '../../src/state/store.js';
import { startFakeLocust, type FakeLocust } from '../support/fake-locust.js';
import { eventually } from '../support/wait.js';

function fakePlatform(masterUrl: string, emitter: { emit: EmitPlatformEvent }): Platform & { detached: number } {
  return {
    name: 'local',
    where: 'a fake',
    capabilities: { fileScenarios: true, teardown: false, infra: false, swarmOutlivesDetach: false },
    confirmName: null,
    detached: 0,
    start: async () => ({ masterUrl, targetHost: 'http://127.0.0.1:9', expectedWorkers: 2, locustVersion: '2.46.3' }),
    switchScenario: async () => ({ masterUrl, targetHost: 'http://127.0.0.1:9', expectedWorkers: 2 }),
    scaleWorkers: async (count) => ({ expectedWorkers: count, message: `${count} workers` }),
    async detach() {
      this.detached++;
    },
    teardown: async () => undefined,
    ...emitter,
  };
}

function summaries(root: string): { dir: string; summary: RunSummary; raw: string }[] {
  return readdirSync(root)
    .sort()
    .map((dir) => {
      const raw = readFileSync(path.join(root, dir, 'summary.json'), 'utf8');
      return { dir, raw, summary: JSON.parse(raw) as RunSummary };
    });
}

describe('Session (fake platform, recorded Locust answers)', () => {
  let fake: FakeLocust;
  let store: Store;
  let session: Session;
  let results: string;
  let remembered: { users: number; spawnRate: number }[];
  const emitter: { emit: EmitPlatformEvent } = { emit: () => undefined };

  beforeEach(async () => {
    fake = await startFakeLocust();
    results = mkdtempSync(path.join(tmpdir(), 'rs-session-'));
    remembered = [];
    store = createStore(initialState({ platform: 'local', where: 'a fake', scenario: 'jsonplaceholder', targetHost: '', expectedWorkers: 2, lastSwarm: { users: 10, spawnRate: 10 }, now: Date.now() }), 1000);
    session = new Session({
      platform: fakePlatform(fake.url, emitter),
      store,
      scenario: { kind: 'bundled', name: 'jsonplaceholder' },
      resultsRoot: results,
      ltopVersion: 'test',
      pollMs: 50,
      settle: { quietMs: 300, pollMs: 50, timeoutMs: 5000 },
      onSwarmAccepted: (swarm) => remembered.push(swarm),
    });
    emitter.emit = (event) => session.onPlatformEvent(event);
    assert.ok(await session.start());
  });
  afterEach(async () => {
    await session.shutdown();
    store.close();
    await fake.close();
  });

  it('stop waits for the workers\' final report: the summary has every request, state stopped', async () => {
    assert.ok(await session.swarm(10, 10));
    fake.requests = 500;
    fake.finalReport = { requests: 17, afterMs: 150 };
    assert.ok(await session.stopSwarm(), store.getState().status?.message);
    const [saved] = summaries(results);
    assert.equal(saved?.summary.totals.requests, 517);
    assert.equal(saved?.summary.state, 'stopped');
    assert.equal(saved?.summary.reason, 'stop');
    // one definition of RPS: requests over the run's own duration (not Locust's Aggregated Requests/s)
    assert.equal(saved?.summary.totals.rps, Math.round((517 / saved!.summary.durationSeconds) * 10) / 10);
  });

  it('a reset keeps the earlier numbers in their own folder; later saves never touch it', async () => {
    assert.ok(await session.swarm(10, 10));
    fake.requests = 346;
    assert.ok(await session.resetStats());
    const [first] = summaries(results);
    assert.equal(first?.summary.totals.requests, 346);
    assert.equal(first?.summary.reason, 'reset');
    fake.requests = 120;
    await session.shutdown();
    const all = summaries(results);
    assert.equal(all.length, 2);
    assert.equal(all[0]!.raw, first!.raw, 'untouched');
    assert.equal(all[1]!.summary.totals.requests, 120);
    assert.equal(all[1]!.summary.reason, 'quit');
  });

  it('two quick steps count from the users just requested: 10 -> 11 -> 12', async () => {
    assert.ok(await session.swarm(10, 10));
    await Promise.all([session.stepUsers(1), session.stepUsers(1)]);
    assert.deepEqual(fake.swarms, [10, 11, 12]);
  });

  it('[[ in one read: the count asked for is expected at once, and the platform is asked in order', async () => {
    const asked: number[] = [];
    const platform = (session as unknown as { platform: Platform }).platform;
    platform.scaleWorkers = async (count) => {
      asked.push(count);
      return { expectedWorkers: count, message: `${count} workers` };
    };
    const first = session.changeWorkers(-1);
    assert.equal(store.getState().expectedWorkers, 1, 'the next key sees 1: scaling to 0 asks first');
    const second = session.changeWorkers(-1);
    assert.equal(store.getState().expectedWorkers, 0);
    await Promise.all([first, second]);
    assert.deepEqual(asked, [1, 0]);
  });

  it('scaling a running swarm to 0 workers stops it and saves at once, with the workers\' last report', async () => {
    assert.ok(await session.swarm(10, 10));
    fake.requests = 300;
    fake.finalReport = { requests: 11, afterMs: 150 };
    assert.ok(await session.changeWorkers(-2), store.getState().status?.message);
    const [saved] = summaries(results);
    assert.equal(saved?.summary.reason, 'stop');
    assert.equal(saved?.summary.totals.requests, 311);
  });

  it('the master stopped by itself (the last worker left): the next swarm saves those numbers first', async () => {
    assert.ok(await session.swarm(10, 10));
    const sent = Date.now();
    fake.requests = 27;
    await fetch(new URL('/stop', fake.url), { method: 'POST' }); // not through ltop: Locust stopped on its own
    // a snapshot saying stopped, newer than the swarm by more than Locust's 2 s stats cache
    await eventually(() => {
      const locust = store.getState().locust;
      return locust?.state === 'stopped' && locust.at > sent + 2100;
    }, 'a fresh snapshot saying stopped', 6000);
    assert.ok(await session.swarm(5, 5));
    const saved = summaries(results);
    assert.equal(saved.length, 1, 'the stopped run has its folder before the new swarm clears the statistics');
    assert.ok(saved[0]!.summary.totals.requests > 0);
  });

  it('remembers a swarm only once the master accepted it', async () => {
    fake.refuseSwarm = true;
    assert.equal(await session.swarm(50, 5), false);
    assert.match(store.getState().status?.message ?? '', /refused by the fake/);
    assert.deepEqual(remembered, []);
    fake.refuseSwarm = false;
    assert.ok(await session.swarm(20, 5));
    assert.deepEqual(remembered, [{ users: 20, spawnRate: 5 }]);
  });

  it('a lost master: not RUNNING, the clock stops, and quitting saves the last numbers marked partial', async () => {
    assert.ok(await session.swarm(10, 10));
    fake.requests = 250;
    await eventually(() => store.getState().locust?.total.requests === 250, 'the poller to see 250 requests', 3000, 20);
    const cause = 'the Locust master (pid 4242) killed(SIGKILL): Traceback (most recent call last): …';
    emitter.emit({ type: 'platform/master-lost', cause, at: Date.now() });
    store.flush();
    assert.equal(phase(store.getState()), 'error');
    assert.equal(store.getState().fatal, cause, 'the cause in full');
    const elapsed = elapsedMs(store.getState());
    store.dispatch({ type: 'clock/tick', at: Date.now() + 5000 });
    store.flush();
    assert.equal(elapsedMs(store.getState()), elapsed, 'elapsed stops');
    const saved = await session.shutdown();
    assert.equal(saved?.summary.partial, true);
    assert.equal(saved?.summary.partialCause, cause);
    assert.equal(saved?.summary.totals.requests, 250);
    assert.deepEqual(readdirSync(saved!.dir), ['summary.json']);
  });
});
