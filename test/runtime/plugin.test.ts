import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoTarget } from '../../src/demo/server.js';
import type { DemoTarget } from '../../src/demo/server.js';
import {
  MASTER_SPAWN_COMPLETE,
  ProcessGroup,
  freePort,
  locustBin,
  locustEnv,
  pluginFile,
  readSummary,
  runSwarm,
  scenarioNames,
  selector,
  locustPython,
  tempDir,
} from './locust-harness.js';
import { pinnedLocustVersion } from '../../src/platforms/local/locust-binary.js';

async function run(args: string[], env: Record<string, string | undefined>, timeoutMs = 30_000, cmd = locustBin) {
  const group = new ProcessGroup();
  try {
    const p = group.start('locust', cmd, args, locustEnv(env));
    const code = await group.exitOf(p, timeoutMs);
    return { code, out: p.output() };
  } finally {
    await group.stopAll();
  }
}

describe('scenario selector', () => {
  test('the bundled scenarios are listed the way the TypeScript side lists them', () => {
    assert.deepEqual(scenarioNames(), ['custom', 'httpbin', 'jsonplaceholder']);
  });

  test('an unknown LOCUST_SCENARIO fails fast with one line listing the valid names', async () => {
    const { code, out } = await run(['-f', selector, '--headless', '-t', '1s'], { LOCUST_SCENARIO: 'nope' });
    assert.notEqual(code, 0);
    assert.equal(out.trim(), `ltop: unknown scenario 'nope'; valid scenarios: ${scenarioNames().join(', ')}`);
  });

  test('no scenario at all fails the same way', async () => {
    const { code, out } = await run(['-f', selector, '--headless', '-t', '1s'], {});
    assert.notEqual(code, 0);
    assert.equal(out.trim().split('\n').length, 1, out);
    assert.match(out, /no scenario selected: set LOCUST_SCENARIO or --scenario; valid scenarios: custom, httpbin, jsonplaceholder/);
  });

  test('--scenario selects a scenario and wins over LOCUST_SCENARIO', async () => {
    const { code, out } = await run(['-f', selector, '--scenario', 'httpbin', '--list'], { LOCUST_SCENARIO: 'custom' });
    assert.equal(code, 0, out);
    assert.match(out, /HttpbinUser/);
    assert.doesNotMatch(out, /ApiUser/);
  });

  test('a bad parameter in the environment fails fast with a clear message', async () => {
    const { code, out } = await run(['-f', selector, '--list'], { LOCUST_SCENARIO: 'jsonplaceholder', LTOP_WAIT_MIN: 'soon' });
    assert.notEqual(code, 0);
    assert.match(out, /ltop: LTOP_WAIT_MIN must be a number, got 'soon'/);
  });
});

describe('ltop plugin', () => {
  let target: DemoTarget;
  before(async () => {
    target = await startDemoTarget({ latencyMs: 1, jitterMs: 1 });
  });
  after(async () => {
    await target.close();
  });

  test('the 2.12 version patch touches only an empty version: the pinned Locust keeps its own', async () => {
    const report = ['import locust, locust.runners', 'import ltop_plugin', 'print(locust.__version__, locust.runners.__version__)'].join('\n');
    const pinned = await run(['-c', report], {}, 30_000, locustPython);
    assert.equal(pinned.code, 0, pinned.out);
    assert.equal(pinned.out.trim(), `${pinnedLocustVersion()} ${pinnedLocustVersion()}`);

    // Debian's 2.12.1 package reports "": only then does the plugin fill it in.
    const empty = ['import locust.runners', 'locust.runners.__version__ = ""', 'import ltop_plugin', 'print(repr(locust.runners.__version__))'].join('\n');
    assert.equal((await run(['-c', empty], {}, 30_000, locustPython)).out.trim(), "'2.12.1'");
  });

  test('it defines no User class of its own', async () => {
    const { code, out } = await run(['-f', pluginFile, '--headless', '-t', '1s'], {});
    assert.notEqual(code, 0);
    assert.match(out, /No User class found/);
  });

  test("a user's own locustfile runs distributed behind the plugin, with JSON logs and secrets redacted", async () => {
    const dir = tempDir('ltop-own-');
    try {
      const own = join(dir.path, 'my_test.py');
      writeFileSync(
        own,
        [
          'import logging, os',
          'from locust import FastHttpUser, task, constant, events',
          '',
          '@events.test_start.add_listener',
          'def _(environment, **kw):',
          '    logging.getLogger("mytest").info("using token %s", os.environ["LTOP_API_TOKEN"])',
          '',
          'class MyUser(FastHttpUser):',
          '    wait_time = constant(0.1)',
          '    @task',
          '    def home(self):',
          '        self.client.get("/json")',
          '',
        ].join('\n'),
      );
      const secretValue = 'tok-9f8e7d6c5b4a';
      const { code, summary, swarm } = await runSwarm(
        {
          locustfile: `${pluginFile},${own}`,
          host: target.url,
          workers: 1,
          users: 3,
          runTime: '3s',
          env: { LTOP_LOG_FORMAT: 'json', LTOP_RUN_ID: 'own-1', LTOP_API_TOKEN: secretValue },
        },
        45_000,
      );
      assert.equal(code, 0, swarm.master.output().slice(-2000));
      assert.ok(summary.total.num_requests > 0, 'the worker (version-fixed) connected and ran users');
      assert.equal(summary.total.num_failures, 0);
      for (const p of [swarm.master, ...swarm.workers]) {
        const out = p.output();
        assert.ok(!out.includes(secretValue), `${p.name} leaked the secret`);
        const lines = out.split('\n').filter((l) => l.trim() !== '');
        for (const l of lines) {
          const e = JSON.parse(l) as Record<string, unknown>;
          assert.equal(e.run_id, 'own-1');
          assert.ok(typeof e.level === 'string' && typeof e.message === 'string' && 'worker_id' in e && 'role' in e);
        }
      }
      const all = [swarm.master, ...swarm.workers].map((p) => p.output()).join('\n');
      assert.match(all, /"message": "using token \*\*\*"/, 'the line is logged, with the secret masked');
    } finally {
      dir.remove();
    }
  });

  test('SIGTERM on a worker: it stops its users, leaves with exit 0, and the run goes on', async () => {
    const group = new ProcessGroup();
    const dir = tempDir('ltop-scalein-');
    try {
      const port = await freePort();
      const summaryPath = join(dir.path, 'summary.json');
      const env = { LOCUST_SCENARIO: 'jsonplaceholder', LTOP_WAIT_MIN: '0.05', LTOP_WAIT_MAX: '0.1' };
      const master = group.start(
        'master',
        locustBin,
        ['-f', selector, '--headless', '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', String(port),
          '--expect-workers', '2', '--expect-workers-max-wait', '30', '--enable-rebalancing',
          '-u', '10', '-r', '10', '-t', '20s', '--host', target.url, '--only-summary'],
        locustEnv({ ...env, LTOP_SUMMARY_JSON: summaryPath }),
        dir.path,
      );
      const workerArgs = ['-f', selector, '--worker', '--master-host', '127.0.0.1', '--master-port', String(port)];
      const leaving = group.start('worker1', locustBin, workerArgs, locustEnv(env), dir.path);
      const staying = group.start('worker2', locustBin, workerArgs, locustEnv(env), dir.path);

      // -t 20s leaves room on a loaded CI machine for the spawn, the scale-in and the rebalance
      await master.waitFor(MASTER_SPAWN_COMPLETE, 60_000);
      leaving.child.kill('SIGTERM');
      assert.equal(await group.exitOf(leaving, 15_000), 0, leaving.output());
      assert.match(leaving.output(), /worker leaving \(SIGTERM\): stopping \d+ users/);
      // the master drops the worker at once (no 3 missed heartbeats) and moves all users to the other
      await master.waitFor(/quit\. \d+ workers ready/, 10_000);
      await master.waitFor(/Sending spawn jobs of 10 users at [\d.]+ spawn rate to 1 ready workers/, 10_000);

      assert.equal(await group.exitOf(master, 60_000), 0, master.output().slice(-3000));
      assert.doesNotMatch(master.output(), /Discarded report from unrecognized worker/, 'the last stats arrived before the goodbye');
      assert.equal(await group.exitOf(staying, 15_000), 0);
      const summary = readSummary(summaryPath);
      assert.ok(summary.total.num_requests > 0);
      assert.equal(summary.total.num_failures, 0);
    } finally {
      await group.stopAll();
      dir.remove();
    }
  });
});
