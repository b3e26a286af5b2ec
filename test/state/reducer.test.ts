import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LocustSnapshot } from '../../src/locust/snapshot.js';
import { reduce } from '../../src/state/reducer.js';
import { connectedWorkers, currentRps, elapsedMs, phase, series, swarmBase, visibleEndpoints, workerRows } from '../../src/state/selectors.js';
import { HISTORY_CAPACITY, LOG_CAPACITY, type State } from '../../src/state/state.js';
import { fixtureSnapshot } from '../support/fixtures.js';
import { baseState } from '../support/ink.js';

function withState(snapshot: LocustSnapshot, state: LocustSnapshot['state'], at: number): LocustSnapshot {
  return { ...snapshot, state, at };
}

describe('reducer', () => {
  const running = fixtureSnapshot('2.46.3-stats-running.json');

  it('a snapshot becomes the current numbers and a chart point', () => {
    const next = reduce(baseState(), { type: 'locust/snapshot', snapshot: running });
    assert.equal(next.locust, running);
    assert.equal(next.history.length, 1);
    assert.equal(next.history[0]?.rps, running.rps);
    assert.equal(phase(next), 'running');
  });

  it('the elapsed clock starts when the swarm starts and freezes when it stops', () => {
    let state: State = baseState();
    const t = state.now;
    state = reduce(state, { type: 'locust/snapshot', snapshot: withState(running, 'ready', t + 1000) });
    assert.equal(elapsedMs(state), 0);
    state = reduce(state, { type: 'locust/snapshot', snapshot: withState(running, 'running', t + 5000) });
    state = reduce(state, { type: 'clock/tick', at: t + 65000 });
    assert.equal(elapsedMs(state), 60000);
    state = reduce(state, { type: 'locust/snapshot', snapshot: withState(running, 'stopped', t + 70000) });
    state = reduce(state, { type: 'clock/tick', at: t + 90000 });
    assert.equal(elapsedMs(state), 65000);
    assert.equal(phase(state), 'stopped');
  });

  it('idle (ready) snapshots do not fill the charts', () => {
    const state = reduce(baseState(), { type: 'locust/snapshot', snapshot: withState(running, 'ready', 1) });
    assert.equal(state.history.length, 0);
  });

  it('history and logs stay bounded', () => {
    let state = baseState();
    for (let index = 0; index < HISTORY_CAPACITY + 50; index++) state = reduce(state, { type: 'locust/snapshot', snapshot: withState(running, 'running', index) });
    for (let index = 0; index < LOG_CAPACITY + 50; index++) state = reduce(state, { type: 'platform/log', source: 'master', line: `line ${index}`, at: index });
    assert.equal(state.history.length, HISTORY_CAPACITY);
    assert.equal(state.logs.length, LOG_CAPACITY);
    assert.equal(state.logs.at(-1)?.line, `line ${LOG_CAPACITY + 49}`, 'newest last');
  });

  it('an unreachable master stops the clock at its last answer', () => {
    let state = reduce(baseState(), { type: 'locust/snapshot', snapshot: withState(running, 'running', 1000) });
    state = reduce(state, { type: 'locust/snapshot', snapshot: withState(running, 'running', 5000) });
    state = reduce(state, { type: 'locust/unreachable', message: 'gone', at: 7000 });
    state = reduce(state, { type: 'clock/tick', at: 60000 });
    assert.equal(phase(state), 'error');
    assert.equal(elapsedMs(state), 4000);
  });

  it('an unreachable master is shown without losing the last numbers', () => {
    let state = reduce(baseState(), { type: 'locust/snapshot', snapshot: running });
    state = reduce(state, { type: 'locust/unreachable', message: 'connection refused', at: 2 });
    assert.equal(state.locust, running);
    assert.equal(state.locustError, 'connection refused');
    state = reduce(state, { type: 'locust/snapshot', snapshot: running });
    assert.equal(state.locustError, null);
  });

  it('a platform that failed to start puts the cockpit in error with the cause', () => {
    const state = reduce(baseState(), { type: 'session/failed', message: 'port taken', at: 1 });
    assert.equal(phase(state), 'error');
    assert.equal(state.status?.message, 'port taken');
  });

  it('filters by name and sorts by the chosen column', () => {
    let state = reduce(baseState(), { type: 'locust/snapshot', snapshot: running });
    state = reduce(state, { type: 'ui/sort', column: 'name', descending: false });
    assert.deepEqual(visibleEndpoints(state).map((row) => row.name), ['/data.json', '/index.html', '/index.html', '/missing/:id']);
    state = reduce(state, { type: 'ui/filter', filter: 'MISS' });
    assert.deepEqual(visibleEndpoints(state).map((row) => row.name), ['/missing/:id']);
    state = reduce(state, { type: 'ui/filter', filter: '' });
    state = reduce(state, { type: 'ui/sort', column: 'requests', descending: true });
    const counts = visibleEndpoints(state).map((row) => row.requests);
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
  });

  it('joins platform workers with Locust workers by id and shows missing ones', () => {
    const [first, second] = running.workers;
    assert.ok(first && second);
    const snapshot = { ...running, workers: [first, { ...second, state: 'missing' as const }] };
    let state = reduce(baseState(), { type: 'locust/snapshot', snapshot });
    state = reduce(state, {
      type: 'platform/workers',
      workers: [
        { id: 'worker-1', pid: 11, alive: true, restarts: 0, phase: 'running', locustId: first.id },
        { id: 'worker-2', pid: 12, alive: false, restarts: 0, phase: 'killed(SIGKILL)', locustId: second.id },
      ],
    });
    const rows = workerRows(state);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows.map((row) => [row.id, row.locustState, row.pid, row.alive]), [
      ['worker-1', 'running', 11, true],
      ['worker-2', 'missing', 12, false],
    ]);
    assert.equal(connectedWorkers(state), 1);
  });

  it('a worker before its first heartbeat (Locust says 0 B) shows no CPU or memory, not 0', () => {
    const [first] = running.workers;
    const fresh = { ...first!, cpuPercent: 0, memoryBytes: 0 };
    const state = reduce(baseState(), { type: 'locust/snapshot', snapshot: { ...running, workers: [fresh] } });
    const [row] = workerRows(state);
    assert.deepEqual([row?.cpuPercent, row?.memoryBytes], [null, null]);
    const measured = reduce(state, { type: 'locust/snapshot', snapshot: { ...running, workers: [{ ...fresh, memoryBytes: 50_000_000 }] } });
    assert.deepEqual([workerRows(measured)[0]?.cpuPercent, workerRows(measured)[0]?.memoryBytes], [0, 50_000_000]);
  });

  it('after a stop the chart falls to 0, whatever rate Locust last computed', () => {
    let state = reduce(baseState(), { type: 'locust/snapshot', snapshot: withState(running, 'running', 1000) });
    state = reduce(state, { type: 'locust/snapshot', snapshot: withState(running, 'stopped', 3000) });
    assert.ok(running.rps > 0);
    assert.deepEqual(state.history.map((point) => point.rps), [running.rps, 0]);
    assert.equal(currentRps(state), 0);
  });

  it('a stats reset draws no false dip: the blind samples right after it are not plotted', () => {
    let state = reduce(baseState(), { type: 'locust/snapshot', snapshot: withState(running, 'running', 1000) });
    const reset = { ...running, rps: 0, total: { ...running.total, requests: 3 } };
    state = reduce(state, { type: 'locust/snapshot', snapshot: withState(reset, 'running', 3000) });
    assert.equal(state.history.length, 1, 'the 0 right after the reset is not a point');
    state = reduce(state, { type: 'locust/snapshot', snapshot: withState({ ...running, total: { ...running.total, requests: 40 } }, 'running', 5000) });
    assert.deepEqual(state.history.map((point) => point.rps), [running.rps, running.rps]);
  });

  it('the first sample without a completed request is not plotted as 0 ms', () => {
    let state = reduce(baseState(), { type: 'locust/snapshot', snapshot: { ...withState(running, 'spawning', 1000), currentP50: null, currentP95: null } });
    state = reduce(state, { type: 'locust/snapshot', snapshot: withState(running, 'running', 3000) });
    state = reduce(state, { type: 'locust/snapshot', snapshot: withState(running, 'running', 5000) });
    assert.deepEqual(series(state.history, 'p50', 10), [running.currentP50, running.currentP50]);
    assert.equal(series(state.history, 'rps', 10).length, 3, 'the rate was known and is drawn');
  });

  it('the count + steps from is the one asked last, not the one polled', () => {
    let state = reduce(baseState(), { type: 'locust/snapshot', snapshot: running });
    assert.equal(swarmBase(state).users, running.users);
    state = reduce(state, { type: 'session/swarm-asked', users: 50, spawnRate: 5 });
    state = reduce(state, { type: 'locust/snapshot', snapshot: running });
    assert.equal(swarmBase(state).users, 50);
  });
});
