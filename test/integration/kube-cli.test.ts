// `ltop --platform kube` end to end: the real CLI against the test API server (proven with
// kubectl in test/kube), with a real Locust master standing behind the master pod's port-forward
// and real Locust workers connected to it, swarming the bundled demo target.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDemoTarget } from '../../src/demo/server.js';
import type { RunSummary } from '../../src/report/summary.js';
import { startCluster, type Cluster } from '../kube/helpers.js';
import { freePort } from '../kube/locust.js';
import { findLocust } from '../../src/platforms/local/locust-binary.js';
import { createKubePlatform } from '../../src/platforms/kube/index.js';
import { Session } from '../../src/session/session.js';
import { initialState } from '../../src/state/state.js';
import { createStore } from '../../src/state/store.js';
import { ltop, repoRoot } from '../support/cli.js';
import { eventually } from '../support/wait.js';

describe('ltop --platform kube (test API server, real Locust behind the port-forward)', () => {
  let cluster: Cluster;
  let target: Awaited<ReturnType<typeof startDemoTarget>>;
  const locust: ReturnType<typeof execa>[] = [];
  let webPort = 0;
  let zmqPort = 0;

  before(async () => {
    target = await startDemoTarget();
    webPort = await freePort();
    zmqPort = await freePort();
    const env = { PYTHONPATH: path.join(repoRoot, 'runtime'), LOCUST_SCENARIO: 'jsonplaceholder', PYTHONDONTWRITEBYTECODE: '1' };
    const locustfile = path.join(repoRoot, 'scenarios', 'locustfile.py');
    locust.push(execa(findLocust(), ['-f', locustfile, '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', String(zmqPort), '--web-host', '127.0.0.1', '--web-port', String(webPort), '--enable-rebalancing'], { env, reject: false, stdin: 'ignore' }));
    for (let index = 0; index < 2; index++) {
      locust.push(execa(findLocust(), ['-f', locustfile, '--worker', '--master-host', '127.0.0.1', '--master-port', String(zmqPort)], { env, reject: false, stdin: 'ignore' }));
    }
    await eventually(async () => (await fetch(`http://127.0.0.1:${webPort}/stats/requests`).catch(() => null))?.ok, 'the Locust master', 30000, 100);
    cluster = await startCluster({
      portTarget: (_namespace, pod, port) => {
        if (!pod.startsWith('ltop-master-')) return undefined;
        if (port === 8089) return { host: '127.0.0.1', port: webPort };
        if (port === 5557) return { host: '127.0.0.1', port: zmqPort };
        return undefined;
      },
    });
  });

  after(async () => {
    for (const child of locust) child.kill('SIGTERM');
    await Promise.all(locust.map((child) => child.catch(() => undefined)));
    await cluster?.close();
    await target?.close();
  });

  it('deploys, swarms, writes results, and leaves the test deployed; a second run attaches', async () => {
    const results = mkdtempSync(path.join(tmpdir(), 'ltop-kube-results-'));
    const args = ['run', '--headless', '--platform', 'kube', '--kubeconfig', cluster.kubeconfig, '--host', target.url, '--workers', '2', '--users', '4', '--duration', '5s', '--json', '--results-dir', results];
    const first = await ltop(args);
    assert.equal(first.exitCode, 0, first.stderr);
    const summary = JSON.parse(first.stdout) as RunSummary;
    assert.equal(summary.platform, 'kube');
    assert.equal(summary.targetHost, target.url);
    assert.ok(summary.totals.requests > 0);
    assert.equal(summary.workers.connected, 2);

    // ltop left; what it deployed keeps running for the next ltop to attach to
    const deployments = await cluster.kubectl(['get', 'deployments', '-n', 'ltop', '-o', 'name']);
    assert.match(deployments.stdout, /deployment\.apps\/ltop-master/);
    assert.match(deployments.stdout, /deployment\.apps\/ltop-worker/);
    const appliesBefore = cluster.server.requests.filter((request) => request.method === 'PATCH' && request.contentType?.includes('apply-patch')).length;
    assert.ok(appliesBefore > 0, 'the first run applied the overlay server-side');

    const second = await ltop(args);
    assert.equal(second.exitCode, 0, second.stderr);
    const appliesAfter = cluster.server.requests.filter((request) => request.method === 'PATCH' && request.contentType?.includes('apply-patch')).length;
    assert.equal(appliesAfter, appliesBefore, 'attaching applies nothing');
  });

  it('ltop doctor --platform kube: every check passes, and the ZMTP check registers no worker', async () => {
    const doctor = await ltop(['doctor', '--platform', 'kube', '--kubeconfig', cluster.kubeconfig, '--workers', '2']);
    assert.equal(doctor.exitCode, 0, doctor.stdout + doctor.stderr);
    for (const check of ['kube context reachable', 'namespace', 'master ready', 'web API answering', 'workers connected', 'master ZeroMQ handshake']) {
      assert.match(doctor.stdout, new RegExp(`✓ ${check}`));
    }
    const stats = (await (await fetch(`http://127.0.0.1:${webPort}/stats/requests`)).json()) as { workers: unknown[] };
    assert.equal(stats.workers.length, 2, 'still only the two real workers');
  });

  it('teardown through the session: results saved first, then everything ltop applied is deleted', async () => {
    const results = mkdtempSync(path.join(tmpdir(), 'ltop-kube-teardown-'));
    const store = createStore(initialState({ platform: 'kube', where: 'kube', scenario: 'jsonplaceholder', targetHost: target.url, expectedWorkers: 2, lastSwarm: { users: 2, spawnRate: 2 }, now: Date.now() }), 50);
    const platform = createKubePlatform({ kubeconfigPath: cluster.kubeconfig, overlayDir: path.join(repoRoot, 'k8s', 'overlays', 'local'), expectedWorkers: 2 }, (event) => store.dispatch(event));
    const session = new Session({ platform, store, scenario: { kind: 'bundled', name: 'jsonplaceholder' }, resultsRoot: results, ltopVersion: 'test', targetHost: target.url });
    try {
      assert.ok(await session.start(), store.getState().fatal ?? '');
      assert.match(store.getState().logs.map((line) => line.line).join('\n'), /attached to the test already running/);
      const swarmedAt = Date.now();
      assert.ok(await session.swarm(2, 2));
      // this swarm's own requests: the shared master still holds the previous run's numbers until it starts
      await eventually(() => {
        const locust = store.getState().locust;
        return locust !== null && locust.at > swarmedAt && locust.state === 'running' && locust.total.requests > 0;
      }, 'requests of this swarm', 20000, 100);
      const saved = await session.shutdown('teardown');
      assert.ok(saved && saved.summary.totals.requests > 0, 'results saved before the teardown');
      const left = await cluster.kubectl(['get', 'deployments,services,hpa,configmaps', '-n', 'ltop', '-o', 'name']);
      assert.doesNotMatch(left.stdout, /ltop-/, left.stdout + left.stderr);
      const namespaces = await cluster.kubectl(['get', 'namespaces', '-o', 'name']);
      assert.doesNotMatch(namespaces.stdout, /namespace\/ltop$/m);
    } finally {
      store.close();
    }
  });
});

