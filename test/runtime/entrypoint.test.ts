// runtime/entrypoint.sh, run with bash directly (no Docker engine here): each mode builds the
// command line it should, bad input fails with a clear message, and the real exec hands
// signals to Locust.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ProcessGroup, locustEnv, repo, runtimeDir } from './locust-harness.js';
import { startDemoTarget } from '../../src/demo/server.js';

const entrypoint = join(runtimeDir, 'entrypoint.sh');

function dryRun(env: Record<string, string>, args: string[] = []) {
  const r = spawnSync('bash', [entrypoint, ...args], {
    env: locustEnv({ LTOP_DRY_RUN: '1', ...env }),
    encoding: 'utf8',
    timeout: 10_000,
  });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

describe('runtime/entrypoint.sh', () => {
  test('is strict bash and execs Locust', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(entrypoint, 'utf8');
    assert.match(text, /^#!\/usr\/bin\/env bash\n/);
    assert.match(text, /^set -euo pipefail$/m);
    assert.match(text, /^exec "\$\{cmd\[@\]\}"$/m);
    const syntax = spawnSync('bash', ['-n', entrypoint], { encoding: 'utf8' });
    assert.equal(syntax.status, 0, syntax.stderr);
  });

  test('master: rebalancing, bound web UI, expect-workers with a maximum wait', () => {
    const r = dryRun({
      LOCUST_MODE: 'master',
      LOCUST_SCENARIO: 'httpbin',
      LOCUST_HOST: 'http://127.0.0.1:9999',
      LTOP_WEB_HOST: '127.0.0.1',
      LTOP_WEB_PORT: '18089',
      LTOP_EXPECT_WORKERS: '3',
      LTOP_EXPECT_WORKERS_MAX_WAIT: '120',
    });
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.out,
      'locust -f /opt/ltop/scenarios/locustfile.py --host http://127.0.0.1:9999 --master --master-bind-port 5557 ' +
        '--enable-rebalancing --web-host 127.0.0.1 --web-port 18089 --expect-workers 3 --expect-workers-max-wait 120',
    );
  });

  test('master defaults: web UI on 0.0.0.0:8089, no expect-workers unless asked', () => {
    const r = dryRun({ LOCUST_MODE: 'master' });
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.out,
      'locust -f /opt/ltop/scenarios/locustfile.py --master --master-bind-port 5557 --enable-rebalancing --web-host 0.0.0.0 --web-port 8089',
    );
  });

  test('worker: master host and port', () => {
    const r = dryRun({ LOCUST_MODE: 'worker', LOCUST_MASTER_HOST: 'ltop-master.load.svc', LOCUST_MASTER_PORT: '6557' });
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'locust -f /opt/ltop/scenarios/locustfile.py --worker --master-host ltop-master.load.svc --master-port 6557');
  });

  test('standalone, with extra arguments passed on to Locust', () => {
    const r = dryRun({ LOCUST_MODE: 'standalone' }, ['--headless', '-u', '5', '-t', '1m']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'locust -f /opt/ltop/scenarios/locustfile.py --web-host 0.0.0.0 --web-port 8089 --headless -u 5 -t 1m');
  });

  test("a user's own locustfile is loaded behind the plugin", () => {
    const r = dryRun({ LOCUST_MODE: 'standalone', LTOP_LOCUSTFILE: '/work/tests/my locustfile.py' });
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.out,
      // shell-quoted (printf %q): the comma and the space are escaped
      'locust -f /opt/ltop/runtime/ltop_plugin.py\\,/work/tests/my\\ locustfile.py --web-host 0.0.0.0 --web-port 8089',
    );
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ['no mode', {}, /LOCUST_MODE is not set; use master, worker or standalone/],
    ['unknown mode', { LOCUST_MODE: 'leader' }, /unknown LOCUST_MODE 'leader'; use master, worker or standalone/],
    ['worker without master host', { LOCUST_MODE: 'worker' }, /needs LOCUST_MASTER_HOST/],
    ['non-numeric expect-workers', { LOCUST_MODE: 'master', LTOP_EXPECT_WORKERS: 'many' }, /LTOP_EXPECT_WORKERS must be a whole number/],
    ['max wait without expect-workers', { LOCUST_MODE: 'master', LTOP_EXPECT_WORKERS_MAX_WAIT: '30' }, /needs LTOP_EXPECT_WORKERS/],
    ['bad web port', { LOCUST_MODE: 'standalone', LTOP_WEB_PORT: 'http' }, /LTOP_WEB_PORT must be a port number/],
    ['bad log format', { LOCUST_MODE: 'standalone', LTOP_LOG_FORMAT: 'xml' }, /LTOP_LOG_FORMAT must be text or json/],
  ];
  for (const [label, env, message] of bad) {
    test(`fails with a clear message: ${label}`, () => {
      const r = dryRun(env);
      assert.notEqual(r.code, 0);
      assert.equal(r.out, '', 'no command line printed');
      assert.match(r.err, /^ltop-entrypoint: /);
      assert.match(r.err, message);
    });
  }

  test('for real: runs Locust in the repository layout, and SIGTERM reaches Locust (exec)', async () => {
    const target = await startDemoTarget({ latencyMs: 1, jitterMs: 0 });
    const group = new ProcessGroup();
    try {
      const p = group.start(
        'entrypoint',
        'bash',
        [entrypoint, '--headless', '-u', '2', '-r', '2', '-t', '60s'],
        locustEnv({
          LTOP_HOME: repo.replace(/\/$/, ''),
          LOCUST_MODE: 'standalone',
          LOCUST_SCENARIO: 'jsonplaceholder',
          LOCUST_HOST: target.url,
          LTOP_WEB_HOST: '127.0.0.1',
          LTOP_WEB_PORT: '0',
        }),
      );
      await p.waitFor(/All users spawned/, 30_000);
      p.child.kill('SIGTERM'); // bash was replaced by Locust, so Locust gets it
      const code = await group.exitOf(p, 20_000);
      assert.match(p.output(), /Got SIGTERM signal/);
      assert.equal(code, 0, p.output().slice(-2000));
    } finally {
      await group.stopAll();
      await target.close();
    }
  });
});
