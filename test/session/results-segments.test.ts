// A reset and a scenario switch keep the earlier numbers in a folder of their own, and no later
// save overwrites them; every summary quotes Locust's own rate (issue 8, item 2). Real Locust
// 2.47 on the local platform, swarming a demo target that counts what it served.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findLocust } from '../../src/platforms/local/locust-binary.js';
import { LocalPlatform } from '../../src/platforms/local/local-platform.js';
import { readRequestsCsv } from '../../src/locust/requests-csv.js';
import type { RunSummary } from '../../src/report/summary.js';
import { Session } from '../../src/session/session.js';
import { initialState } from '../../src/state/state.js';
import { createStore } from '../../src/state/store.js';
import { countedDemoTarget, type CountedTarget } from '../support/served.js';
import { eventually } from '../support/wait.js';

function folders(root: string): string[] {
  return readdirSync(root).sort();
}

function read(root: string, dir: string): { summary: RunSummary; csv: string; raw: string } {
  const raw = readFileSync(path.join(root, dir, 'summary.json'), 'utf8');
  return { summary: JSON.parse(raw) as RunSummary, csv: readFileSync(path.join(root, dir, 'requests.csv'), 'utf8'), raw };
}

describe('results of a reset run, real Locust', () => {
  let counted: CountedTarget;
  const results = mkdtempSync(path.join(tmpdir(), 'rs-segments-'));
  let session: Session;
  let store: ReturnType<typeof createStore>;
  before(async () => {
    counted = await countedDemoTarget();
    process.env['LTOP_WAIT_MIN'] = '0.01';
    process.env['LTOP_WAIT_MAX'] = '0.05';
    store = createStore(initialState({ platform: 'local', where: 'local processes', scenario: 'jsonplaceholder', targetHost: counted.target.url, expectedWorkers: 2, lastSwarm: { users: 5, spawnRate: 5 }, now: Date.now() }), 50);
    let routed: Session | null = null;
    const platform = new LocalPlatform({ locust: findLocust(), workers: 2, host: counted.target.url }, (event) => (routed ? routed.onPlatformEvent(event) : store.dispatch(event)));
    session = routed = new Session({ platform, store, scenario: { kind: 'bundled', name: 'jsonplaceholder' }, resultsRoot: results, ltopVersion: 'test', targetHost: counted.target.url });
  });
  after(async () => {
    await session.shutdown();
    store.close();
    await counted.close();
  });

  it('before and after a reset: two folders, the first never rewritten, together all that was served', async () => {
    assert.ok(await session.start());
    await session.waitForWorkers(30000);
    const servedBefore = counted.served();
    assert.ok(await session.swarm(5, 5));
    await eventually(() => counted.served() - servedBefore > 300, 'load before the reset', 30000, 100);

    assert.ok(await session.resetStats(), store.getState().status?.message);
    const [first] = folders(results);
    assert.ok(first, 'the numbers before the reset were saved');
    const before = read(results, first);
    assert.equal(before.summary.reason, 'reset');
    assert.ok(before.summary.totals.requests > 0);

    const afterReset = counted.served();
    await eventually(() => counted.served() - afterReset > 300, 'load after the reset', 30000, 100);
    assert.ok(await session.stopSwarm(), store.getState().status?.message);
    await session.shutdown();

    const all = folders(results);
    assert.equal(all.length, 2, `one folder before the reset, one after: ${all.join(', ')}`);
    assert.equal(read(results, first).raw, before.raw, 'the pre-reset folder is never written again');
    const later = read(results, all[1]!);
    assert.equal(later.summary.reason, 'stop');
    assert.equal(later.summary.state, 'stopped');

    for (const { summary, csv } of [before, later]) {
      const total = readRequestsCsv(csv).total!;
      assert.equal(summary.totals.requests, total.requests, 'summary and requests.csv agree');
      assert.equal(summary.totals.rps, Math.round((summary.totals.requests / summary.durationSeconds) * 10) / 10, "the summary's RPS is requests / the run's own duration");
    }
    // What ended up on either side of the reset adds up to what the target served.
    const served = counted.served() - servedBefore;
    const counted2 = before.summary.totals.requests + later.summary.totals.requests;
    assert.ok(Math.abs(served - counted2) / served <= 0.005, `${counted2} in the two folders of ${served} served`);
  });
});
