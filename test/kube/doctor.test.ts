// ltop doctor (kube): every check against the test API server, with a real Locust master
// behind the master pod's 8089 and 5557.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type DoctorCheck, runKubeDoctor, zmtpHandshake } from '../../src/doctor/index.js';
import { createKubePlatform } from '../../src/platforms/kube/index.js';
import type { Platform } from '../../src/platforms/platform.js';
import { type Cluster, OVERLAY, startCluster } from './helpers.js';
import { type LocustMaster, freePort, startLocustMaster } from './locust.js';

const byName = (checks: readonly DoctorCheck[]): Record<string, DoctorCheck> => Object.fromEntries(checks.map((c) => [c.name, c]));

async function workersSeenByLocust(url: string): Promise<number> {
  const stats = (await (await fetch(`${url}/stats/requests`)).json()) as { workers?: unknown[]; worker_count?: number };
  return stats.worker_count ?? stats.workers?.length ?? 0;
}

describe('ltop doctor, kube', () => {
  let c: Cluster;
  let locust: LocustMaster;
  let platform: Platform | undefined;
  before(async () => {
    locust = await startLocustMaster();
    c = await startCluster({
      portTarget: (_ns, pod, port) =>
        !pod.startsWith('ltop-master-') ? undefined
        : port === 8089 ? { host: '127.0.0.1', port: locust.webPort }
        : port === 5557 ? { host: '127.0.0.1', port: locust.zmqPort }
        : undefined,
    });
  });
  after(async () => {
    await platform?.detach();
    await c?.close();
    await locust?.stop();
  });

  it('says the cluster is unreachable and what to check', async () => {
    const dead = await freePort();
    const path = `${c.dir}/dead-kubeconfig`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, (await import('node:fs')).readFileSync(c.kubeconfig, 'utf8').replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${dead}`));
    const checks = byName(await runKubeDoctor({ kubeconfigPath: path, timeoutMs: 2000 }));
    assert.equal(checks['kube context reachable']!.ok, false);
    assert.match(checks['kube context reachable']!.detail, /unreachable/);
    assert.match(checks['kube context reachable']!.fix ?? '', /kubectl cluster-info/);
    assert.match(checks['master ready']!.detail, /not checked: the cluster is not reachable/);
  });

  it('says the namespace is missing before anything is deployed', async () => {
    const checks = byName(await runKubeDoctor({ kubeconfigPath: c.kubeconfig }));
    assert.equal(checks['kube context reachable']!.ok, true);
    assert.match(checks['kube context reachable']!.detail, /context test-cluster -> http:\/\/127\.0\.0\.1:\d+ \(Kubernetes v1\.31\.0-ltop-test\)/);
    assert.equal(checks.namespace!.ok, false);
    assert.match(checks.namespace!.fix ?? '', /ltop --platform kube/);
  });

  it('checks a deployed test end to end, and the ZeroMQ check never registers a worker', async () => {
    platform = createKubePlatform({ kubeconfigPath: c.kubeconfig, overlayDir: OVERLAY, readyTimeoutMs: 15_000 }, () => {});
    await platform.start({ kind: 'bundled', name: 'smoke' });
    const checks = await runKubeDoctor({ kubeconfigPath: c.kubeconfig });
    const b = byName(checks);
    assert.deepEqual(
      checks.map((x) => x.name),
      ['kube context reachable', 'namespace', 'master ready', 'web API answering', 'workers connected', 'master ZeroMQ handshake'],
    );
    assert.equal(b.namespace!.ok, true);
    assert.equal(b['master ready']!.ok, true);
    assert.match(b['master ready']!.detail, /ltop-master-\S+ is Ready on node node-/);
    assert.equal(b['web API answering']!.ok, true);
    assert.match(b['web API answering']!.detail, /state ready/);
    // the simulated worker pods run no Locust, so none connect: the check must say so and how to fix it
    assert.equal(b['workers connected']!.ok, false);
    assert.equal(b['workers connected']!.detail, '0 of 2 workers connected to the master');
    assert.match(b['workers connected']!.fix ?? '', /kubectl logs -n ltop deploy\/ltop-worker/);
    assert.equal(b['master ZeroMQ handshake']!.ok, true, b['master ZeroMQ handshake']!.detail);
    assert.match(b['master ZeroMQ handshake']!.detail, /not registered as a worker/);
    assert.equal(await workersSeenByLocust(locust.url), 0);

    const none = byName(await runKubeDoctor({ kubeconfigPath: c.kubeconfig, expectedWorkers: 0 }));
    assert.equal(none['workers connected']!.ok, true);
  });

  it('a ZMTP handshake straight to the master leaves its worker count at 0; a non-ZeroMQ port fails', async () => {
    const ok = await zmtpHandshake('127.0.0.1', locust.zmqPort, 5000);
    assert.equal(ok.ok, true, ok.detail);
    assert.equal(await workersSeenByLocust(locust.url), 0);
    const http = await zmtpHandshake('127.0.0.1', locust.webPort, 1500);
    assert.equal(http.ok, false);
    const closed = await zmtpHandshake('127.0.0.1', await freePort(), 500);
    assert.equal(closed.ok, false);
    assert.match(closed.detail, /no ZMTP handshake/);
  });

  it('says which pod is pending and why when the master is not ready', async () => {
    await platform!.teardown();
    await platform!.detach();
    c.server.controllers.unschedulable = '0/2 nodes are available: 2 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.';
    platform = createKubePlatform({ kubeconfigPath: c.kubeconfig, overlayDir: OVERLAY, readyTimeoutMs: 300 }, () => {});
    await assert.rejects(platform.start({ kind: 'bundled', name: 'smoke' }), /master was not ready after 0 s: Unschedulable: 0\/2 nodes are available/);
    const b = byName(await runKubeDoctor({ kubeconfigPath: c.kubeconfig }));
    assert.equal(b['master ready']!.ok, false);
    assert.match(b['master ready']!.detail, /ltop-master-\S+: Unschedulable: 0\/2 nodes are available/);
    assert.match(b['master ready']!.fix ?? '', /kubectl describe pods -n ltop/);
    assert.match(b['web API answering']!.detail, /not checked/);
  });
});
