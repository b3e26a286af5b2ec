// Locust 2.47 answers POST /swarm with success while no worker has connected yet, and then starts
// nothing. A user pressing `s` the moment the master is up must still get a swarm.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { resolveOptions, COMMON, RUN } from '../../src/cli/options.js';
import { wire } from '../../src/app/wire.js';
import { eventually } from '../support/wait.js';

const results = mkdtempSync(path.join(tmpdir(), 'ltop-early-'));
after(() => rmSync(results, { recursive: true, force: true }));

describe('a swarm asked for before the workers connect (real Locust)', () => {
  it('waits for a worker, then the swarm really runs', async () => {
    const options = resolveOptions({ workers: 2, users: 4, resultsDir: results }, { ...COMMON, ...RUN });
    const { store, session } = await wire(options, { users: 4, spawnRate: 4 }, 4);
    try {
      assert.equal(await session.start(), true);
      // at once: the master is up, its workers are still starting
      assert.equal(await session.swarm(4, 4), true, store.getState().status?.message);
      await eventually(() => {
        const locust = store.getState().locust;
        return locust?.state === 'running' && locust.users === 4 && locust.total.requests > 0;
      }, 'the swarm running with 4 users', 30_000, 250);
    } finally {
      await session.shutdown('detach');
      store.close();
    }
  });
});
