// Users bring their own: --locustfile runs their file, --host points the swarm at their service
// (and the bundled demo target does not start).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDemoTarget } from '../../src/demo/server.js';
import type { RunSummary } from '../../src/report/summary.js';
import { ltop } from '../support/cli.js';

describe('--locustfile and --host, headless', () => {
  let target: Awaited<ReturnType<typeof startDemoTarget>>;
  before(async () => {
    target = await startDemoTarget();
  });
  after(async () => {
    await target?.close();
  });

  it('runs the user\'s locustfile against the user\'s host', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ltop-own-'));
    const locustfile = path.join(dir, 'my_api.py');
    writeFileSync(
      locustfile,
      [
        'from locust import FastHttpUser, task, constant',
        'class MyApiUser(FastHttpUser):',
        '    wait_time = constant(0.1)',
        '    @task',
        '    def health(self):',
        '        self.client.get("/json", name="my-health-check")',
        '',
      ].join('\n'),
    );
    const run = await ltop(['run', '--headless', '--locustfile', locustfile, '--host', target.url, '--users', '3', '--workers', '1', '--duration', '4s', '--json', '--results-dir', path.join(dir, 'results')]);
    assert.equal(run.exitCode, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as RunSummary;
    assert.equal(summary.targetHost, target.url);
    assert.equal(summary.scenario, `file:${locustfile}`);
    assert.deepEqual(summary.endpoints.map((endpoint) => endpoint.name), ['my-health-check']);
    assert.ok(summary.totals.requests > 0);
    assert.equal(summary.totals.failures, 0);
    assert.equal(readdirSync(path.join(dir, 'results')).length, 1);
  });

  it('a locustfile Locust cannot load is reported with Locust\'s own reason, not a crash', async () => {
    const broken = path.join(mkdtempSync(path.join(tmpdir(), 'ltop-own-')), 'broken.py');
    writeFileSync(broken, 'def broken(:\n');
    const run = await ltop(['run', '--headless', '--locustfile', broken, '--host', target.url, '--duration', '3s']);
    assert.equal(run.exitCode, 1);
    assert.match(run.stderr, /ltop: Locust master exited before its web API came up: .*SyntaxError/);
  });
});
