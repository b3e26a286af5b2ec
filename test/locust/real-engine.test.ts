// What ltop relies on from the Locust it pins, checked on the real engine (runtime/.venv), not
// only on fixtures: a master + workers from the local platform against the demo target.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LocustClient } from '../../src/locust/client.js';
import type { LocustSnapshot } from '../../src/locust/snapshot.js';
import { LocalPlatform } from '../../src/platforms/local/local-platform.js';
import { findLocust, pinnedLocustVersion } from '../../src/platforms/local/locust-binary.js';
import type { PlatformEndpoints, WorkerUnit } from '../../src/platforms/platform.js';
import { eventually } from '../support/wait.js';

describe(`the pinned Locust, for real (master + workers from the local platform)`, () => {
  let platform: LocalPlatform;
  let endpoints: PlatformEndpoints;
  let client: LocustClient;
  let workers: readonly WorkerUnit[] = [];
  const snapshotWhere = (what: string, ok: (s: LocustSnapshot) => boolean, timeoutMs = 20_000) =>
    eventually(async () => {
      const snapshot = await client.snapshot();
      return ok(snapshot) ? snapshot : null;
    }, what, timeoutMs, 250);

  before(async () => {
    platform = new LocalPlatform({ locust: findLocust(), workers: 2 }, (event) => {
      if (event.type === 'platform/workers') workers = event.workers;
    });
    endpoints = await platform.start({ kind: 'bundled', name: 'jsonplaceholder' });
    client = new LocustClient(endpoints.masterUrl);
  });
  after(() => platform.detach());

  it('is the pinned version, and its master counts the connected workers (worker_count)', async () => {
    assert.equal(endpoints.locustVersion, pinnedLocustVersion());
    const snapshot = await snapshotWhere('2 workers connected', (s) => s.workerCount === 2 && s.workers.length === 2);
    assert.ok(snapshot.workers.every((worker) => worker.state === 'ready'));
  });

  it("the plugin's hook names each worker process with Locust's own id", async () => {
    const snapshot = await client.snapshot();
    await eventually(() => workers.filter((worker) => worker.locustId).length === 2, 'both workers identified by the plugin', 10_000);
    assert.deepEqual(new Set(workers.map((worker) => worker.locustId)), new Set(snapshot.workers.map((worker) => worker.id)));
  });

  it('refuses spawn_rate=0, and ltop surfaces the refusal with its reason', async () => {
    await assert.rejects(client.swarm({ users: 6, spawnRate: 0, host: endpoints.targetHost }), /swarm refused: Missing or invalid user_count or spawn_rate/);
    assert.equal((await client.snapshot()).state, 'ready', 'nothing started');
  });

  it('reports the rolling rate while running', async () => {
    await client.swarm({ users: 6, spawnRate: 6, host: endpoints.targetHost });
    const running = await snapshotWhere('a rolling rate while running', (s) => s.state === 'running' && s.rps > 0 && s.total.requests > 0);
    assert.equal(running.users, 6);
  });

  it('rebalances: a worker that joins mid-run gets its share of the users', async () => {
    await platform.scaleWorkers(3);
    const balanced = await snapshotWhere('3 workers sharing 6 users', (s) => s.workers.length === 3 && s.workers.every((worker) => worker.users === 2), 30_000);
    assert.equal(balanced.users, 6);
  });

  it('stops on POST /stop (current Locust refuses GET), and the rate now is 0', async () => {
    await client.stop();
    const stopped = await snapshotWhere('stopped', (s) => s.state === 'stopped');
    assert.equal(stopped.rps, 0);
    assert.ok(stopped.total.requests > 0);
    // The plugin sends each worker's last report before the worker says it stopped: nothing may
    // arrive later. Watch one worker report interval (3 s) past the master's 2 s stats cache.
    const until = Date.now() + 5_500;
    while (Date.now() < until) {
      assert.equal((await client.snapshot()).total.requests, stopped.total.requests, 'no request counted after "stopped"');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });

  it('serves the HTML report as a download and the web UI ltop links to', async () => {
    const report = await fetch(new URL('/stats/report?download=1', endpoints.masterUrl));
    assert.equal(report.status, 200);
    assert.match(report.headers.get('content-disposition') ?? '', /^attachment;filename=.*\.html$/);
    assert.match(await client.reportHtml(), /<html/i);
    const ui = await fetch(endpoints.masterUrl);
    assert.equal(ui.status, 200);
    assert.match(await ui.text(), /<!doctype html>/i);
  });

  it('resets its statistics on POST /stats/reset', async () => {
    await client.resetStats();
    await snapshotWhere('counts back at 0', (s) => s.total.requests === 0);
  });
});
