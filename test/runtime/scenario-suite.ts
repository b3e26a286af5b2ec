// Shared body of the per-scenario tests: the scenario runs with the real Locust (master + 2
// workers) against the demo target; every task is exercised and nothing fails unexpectedly;
// against a target that answers 500 the same scenario reports failures.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoTarget } from '../../src/demo/server.js';
import type { DemoTarget } from '../../src/demo/server.js';
import { countsByRequest, runSwarm, selector } from './locust-harness.js';

export interface ScenarioExpectation {
  name: string;
  /** "METHOD name" of every request the scenario's tasks make */
  requests: string[];
  env?: Record<string, string>;
  /** extra checks on the master/worker output of the healthy run */
  checkOutput?: (masterOut: string, workerOuts: string[]) => void;
}

const FAST_WAITS = { LTOP_WAIT_MIN: '0.05', LTOP_WAIT_MAX: '0.2' };

export function scenarioSuite(x: ScenarioExpectation): void {
  describe(`scenario ${x.name} (real Locust, master + 2 workers)`, () => {
    let target: DemoTarget;
    before(async () => {
      target = await startDemoTarget({ latencyMs: 2, jitterMs: 2, maxDelayS: 10 });
    });
    after(async () => {
      await target.close();
    });

    test('every task runs against the demo target with zero failures', async () => {
      const { code, summary, swarm } = await runSwarm(
        {
          locustfile: selector,
          host: target.url,
          workers: 2,
          users: 12,
          runTime: '8s',
          env: { LOCUST_SCENARIO: x.name, LTOP_RUN_ID: `test-${x.name}`, ...FAST_WAITS, ...x.env },
        },
        60_000,
      );
      const why = `master output:\n${swarm.master.output().slice(-3000)}`;
      assert.equal(summary.scenario, x.name);
      assert.ok(summary.total.num_requests > 0, why);
      const counts = countsByRequest(summary);
      const missing = x.requests.filter((r) => (counts.get(r)?.num_requests ?? 0) === 0);
      assert.deepEqual(missing, [], `requests never made; saw ${[...counts.keys()].join(', ')}`);
      const unexpected = [...counts.keys()].filter((k) => !x.requests.includes(k));
      assert.deepEqual(unexpected, [], 'requests outside the expected, low-cardinality names');
      assert.equal(summary.total.num_failures, 0, JSON.stringify(summary.errors, null, 1));
      assert.equal(code, 0, why);
      for (const w of swarm.workers) assert.equal(await w.exited, 0, w.output().slice(-2000));
      x.checkOutput?.(swarm.master.output(), swarm.workers.map((w) => w.output()));
    });

    test('against a target answering 500 the failures are reported', async () => {
      const broken = await startDemoTarget({ latencyMs: 0, jitterMs: 0, errorRate: 1 });
      try {
        const { code, summary } = await runSwarm(
          {
            locustfile: selector,
            host: broken.url,
            workers: 2,
            users: 6,
            runTime: '4s',
            env: { LOCUST_SCENARIO: x.name, ...FAST_WAITS, ...x.env },
          },
          60_000,
        );
        assert.ok(summary.total.num_requests > 0);
        assert.equal(summary.total.num_failures, summary.total.num_requests, 'every request failed');
        assert.ok(summary.errors.some((e) => /500/.test(e.error)), JSON.stringify(summary.errors));
        assert.equal(code, 1, 'Locust exits non-zero when the run had failures');
      } finally {
        await broken.close();
      }
    });
  });
}
