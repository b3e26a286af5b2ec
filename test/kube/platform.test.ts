// The kube platform against the test API server, with a real Locust master standing behind the
// simulated master pod (its web port reached through pods/portforward).

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Platform, PlatformEvent, WorkerUnit } from '../../src/platforms/platform.js';
import { createKubePlatform, type KubePlatformOptions } from '../../src/platforms/kube/index.js';
import { RESOURCES } from '../support/kube-api/resources.js';
import { type Cluster, OVERLAY, OVERLAY_HPA, startCluster, waitFor } from './helpers.js';
import { type LocustMaster, startLocustMaster } from './locust.js';

const def = (kind: string) => RESOURCES.find((d) => d.kind === kind)!;

class Recorder {
  readonly events: PlatformEvent[] = [];
  readonly emit = (e: PlatformEvent): void => {
    this.events.push(e);
  };
  workers(): readonly WorkerUnit[] {
    const last = this.events.filter((e) => e.type === 'platform/workers').at(-1);
    return last && last.type === 'platform/workers' ? last.workers : [];
  }
  resources() {
    const last = this.events.filter((e) => e.type === 'platform/resources').at(-1);
    return last && last.type === 'platform/resources' ? last.resources : [];
  }
  logs(): string[] {
    return this.events.flatMap((e) => (e.type === 'platform/log' ? [e.line] : []));
  }
  notices(level?: string): string[] {
    return this.events.flatMap((e) => (e.type === 'platform/notice' && (!level || e.level === level) ? [e.message] : []));
  }
}

const running = (r: Recorder, n: number): boolean => {
  const w = r.workers();
  return w.length === n && w.every((x) => x.phase === 'Running' && x.alive && !!x.node);
};

async function locustStats(masterUrl: string): Promise<{ state: string; workers: unknown[] }> {
  const res = await fetch(`${masterUrl}/stats/requests`);
  assert.equal(res.status, 200);
  return (await res.json()) as { state: string; workers: unknown[] };
}

describe('kube platform', () => {
  let c: Cluster;
  let locust: LocustMaster;
  let rec: Recorder;
  let platform: Platform;
  const platforms: Platform[] = [];
  const options = (extra: Partial<KubePlatformOptions> = {}): KubePlatformOptions => ({
    kubeconfigPath: c.kubeconfig,
    overlayDir: OVERLAY,
    readyTimeoutMs: 15_000,
    backoff: { minMs: 50, maxMs: 500 },
    ...extra,
  });
  const make = (r: Recorder, extra: Partial<KubePlatformOptions> = {}): Platform => {
    const p = createKubePlatform(options(extra), r.emit);
    platforms.push(p);
    return p;
  };

  before(async () => {
    locust = await startLocustMaster();
    c = await startCluster({
      portTarget: (_ns, pod, port) =>
        pod.startsWith('ltop-master-') && port === 8089 ? { host: '127.0.0.1', port: locust.webPort }
        : pod.startsWith('ltop-master-') && port === 5557 ? { host: '127.0.0.1', port: locust.zmqPort }
        : undefined,
    });
    rec = new Recorder();
    platform = make(rec);
  });
  after(async () => {
    for (const p of platforms) await p.detach();
    await c?.close();
    await locust?.stop();
  });

  it('deploys the overlay server-side as "ltop", waits for the master and reaches Locust through the port-forward', async () => {
    const ep = await platform.start({ kind: 'bundled', name: 'smoke' });
    assert.match(ep.masterUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(ep.targetHost, 'http://target.ltop.svc:8080');
    assert.equal(ep.expectedWorkers, 2);
    const applies = c.server.requests.filter((r) => r.method === 'PATCH' && r.contentType?.startsWith('application/apply-patch+yaml'));
    assert.deepEqual(
      applies.map((r) => r.path.split('/').slice(-2).join('/')).sort(),
      ['configmaps/ltop-settings', 'deployments/ltop-master', 'deployments/ltop-worker', 'namespaces/ltop', 'services/ltop-master'],
    );
    assert.ok(applies.every((r) => r.query.fieldManager === 'ltop'));
    assert.equal(c.server.store.get(def('ConfigMap'), 'ltop', 'ltop-settings')?.data && (c.server.store.get(def('ConfigMap'), 'ltop', 'ltop-settings')!.data as Record<string, string>).LOCUST_SCENARIO, 'smoke');
    const stats = await locustStats(ep.masterUrl);
    assert.equal(stats.state, 'ready');
    await waitFor('2 running workers on screen', () => running(rec, 2));
    const master = rec.resources().find((r) => r.kind === 'Deployment' && r.name === 'ltop-master');
    assert.deepEqual([master?.status, master?.healthy], ['1/1', true]);
    assert.ok(rec.resources().some((r) => r.kind === 'Pod' && r.name.startsWith('ltop-master-') && r.healthy && /node node-/.test(r.detail ?? '')));
    assert.ok(rec.logs().some((l) => /ScalingReplicaSet deployment\/ltop-worker: Scaled up replica set/.test(l)), 'Kubernetes events reach the log');
  });

  it('shows a worker restart as it happens', async () => {
    const victim = rec.workers()[0]!.id;
    c.server.controllers.restartPod('ltop', victim);
    await waitFor('the restart on screen', () => rec.workers().find((w) => w.id === victim)?.restarts === 1);
    assert.ok(rec.logs().some((l) => l.startsWith(`Warning BackOff pod/${victim}: Back-off restarting failed container`)));
  });

  it('attaches to a running test without applying anything, and detach leaves it running', async () => {
    const r2 = new Recorder();
    const second = make(r2);
    const before = c.server.requests.length;
    const ep = await second.start({ kind: 'bundled', name: 'other' });
    const newRequests = c.server.requests.slice(before);
    assert.equal(newRequests.filter((r) => r.method !== 'GET').length, 0, 'attach must not write anything');
    assert.ok(r2.logs().some((l) => /attached to the test already running in context test-cluster, namespace ltop/.test(l)));
    assert.ok(r2.notices('info').some((m) => /running test on scenario smoke/.test(m)));
    assert.equal((await locustStats(ep.masterUrl)).state, 'ready');
    await second.detach();
    assert.equal(c.server.store.list(def('Deployment'), 'ltop').length, 2, 'detach deletes nothing');
    await assert.rejects(fetch(`${ep.masterUrl}/stats/requests`), 'the local port-forward is closed');
  });

  it('scales workers through the scale subresource, shows pending pods with the scheduler\'s reason', async () => {
    c.server.controllers.unschedulable = '0/2 nodes are available: 2 Insufficient cpu.';
    const result = await platform.scaleWorkers(4);
    assert.equal(result.expectedWorkers, 4);
    assert.match(result.message, /workers scaled from 2 to 4/);
    assert.ok(c.server.requests.some((r) => r.method === 'PATCH' && r.path.endsWith('/deployments/ltop-worker/scale') && r.query.fieldManager === 'ltop'));
    await waitFor('a pending row with the reason', () =>
      rec.resources().find((r) => r.kind === 'Pending' && r.detail === 'Unschedulable: 0/2 nodes are available: 2 Insufficient cpu.'),
    );
    assert.ok(rec.logs().some((l) => /Warning FailedScheduling pod\/ltop-worker-/.test(l)));
    c.server.controllers.unschedulable = undefined;
    c.server.controllers.rescheduleAll();
    await waitFor('4 running workers', () => running(rec, 4));
    assert.ok(!rec.resources().some((r) => r.kind === 'Pending'));
  });

  it('resumes watches from the last resourceVersion after a drop: no duplicate, no missing pod', async () => {
    const lists = (): number => c.server.requests.filter((r) => r.path === '/api/v1/namespaces/ltop/pods' && r.verb === 'list').length;
    const listsBefore = lists();
    const lastPodRv = Math.max(...c.server.store.list(def('Pod'), 'ltop').map((p) => Number((p.metadata as { resourceVersion: string }).resourceVersion)));
    const mark = c.server.requests.length;
    assert.ok(c.server.dropWatches() >= 4);
    const resumed = await waitFor('the pod watch back', () =>
      c.server.requests.slice(mark).find((r) => r.verb === 'watch' && r.path === '/api/v1/namespaces/ltop/pods'),
    );
    assert.ok(Number(resumed.query.resourceVersion) >= lastPodRv, 'resumed from the last resourceVersion it saw');
    await platform.scaleWorkers(3);
    await waitFor('3 running workers', () => running(rec, 3));
    const ids = rec.workers().map((w) => w.id);
    assert.equal(new Set(ids).size, 3);
    assert.deepEqual(ids.sort(), c.server.store.list(def('Pod'), 'ltop').map((p) => String((p.metadata as { name: string }).name)).filter((n) => n.startsWith('ltop-worker-')).sort());
    assert.equal(lists(), listsBefore, 'a resumed watch does not re-list');
  });

  it('re-lists when the resourceVersion is too old (410 Gone)', async () => {
    const lists = (): number => c.server.requests.filter((r) => r.path === '/api/v1/namespaces/ltop/pods' && r.verb === 'list').length;
    const listsBefore = lists();
    c.server.dropWatches(); // the watchers resume from an RV …
    await platform.scaleWorkers(2); // … that moves on while they reconnect …
    c.server.compact(); // … and that the server then forgets
    c.server.dropWatches();
    await waitFor('a re-list of pods', () => lists() > listsBefore);
    await waitFor('2 running workers', () => running(rec, 2));
    assert.equal(new Set(rec.workers().map((w) => w.id)).size, 2);
  });

  it('switches scenario: patches the settings, rolls master and workers, keeps the master URL working', async () => {
    const oldMaster = c.server.store.list(def('Pod'), 'ltop').map((p) => String((p.metadata as { name: string }).name)).find((n) => n.startsWith('ltop-master-'));
    const ep = await platform.switchScenario({ kind: 'bundled', name: 'httpbin' });
    const cm = c.server.store.get(def('ConfigMap'), 'ltop', 'ltop-settings')!;
    assert.equal((cm.data as Record<string, string>).LOCUST_SCENARIO, 'httpbin');
    for (const name of ['ltop-master', 'ltop-worker']) {
      const d = c.server.store.get(def('Deployment'), 'ltop', name)!;
      const ann = ((d.spec as { template: { metadata: { annotations?: Record<string, string> } } }).template.metadata.annotations ?? {});
      assert.ok(ann['kubectl.kubernetes.io/restartedAt'], `${name} restarted`);
    }
    const newMaster = c.server.store.list(def('Pod'), 'ltop').map((p) => String((p.metadata as { name: string }).name)).filter((n) => n.startsWith('ltop-master-'));
    assert.equal(newMaster.length, 1);
    assert.notEqual(newMaster[0], oldMaster);
    assert.ok(rec.logs().some((l) => /^rollout: ltop-master \d\/1 updated/.test(l)), 'rollout progress is logged');
    assert.ok(rec.logs().includes('scenario httpbin is running'));
    assert.equal((await locustStats(ep.masterUrl)).state, 'ready');
  });

  it('reconnects a dropped port-forward and says so while it is down', async () => {
    const ep = await platform.switchScenario({ kind: 'bundled', name: 'httpbin' });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (): Promise<number> =>
      new Promise((resolve, reject) => {
        http.get(`${ep.masterUrl}/stats/requests`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        }).on('error', reject);
      });
    try {
      assert.equal(await get(), 200);
      const opened = c.server.portForwarder.opened;
      assert.ok(c.server.portForwarder.dropAll() >= 1);
      await waitFor('a notice that the port-forward dropped', () => rec.notices('warn').some((m) => /master's web port is unreachable: port-forward to ltop-master-\S+ dropped/.test(m)));
      await waitFor('a notice that it is back', () => rec.notices('info').some((m) => /port-forward to the master is back/.test(m)));
      assert.equal(await waitFor('a request through a new stream', async () => (await get().catch(() => 0)) === 200), true);
      assert.ok(c.server.portForwarder.opened > opened);
    } finally {
      agent.destroy();
    }
  });

  it('refuses a locustfile of its own with a clear way out', async () => {
    await assert.rejects(platform.switchScenario({ kind: 'file', path: '/tmp/mine.py' }), /bundled scenarios only.*copy it to scenarios\//);
  });

  it('turns a forbidden scale into a notice that names the RBAC to ask for', async () => {
    c.server.forbid({ verb: 'patch', resource: 'deployments/scale', namespace: 'ltop' });
    try {
      await assert.rejects(platform.scaleWorkers(5), /forbidden/);
      const n = rec.notices('error').at(-1) ?? '';
      assert.match(n, /User "ltop-test" cannot patch resource "deployments\/scale" in API group "apps"/);
      assert.match(n, /verb "patch" on resource "deployments\/scale" in API group "apps"/);
      assert.match(n, /kubectl auth can-i patch deployments\/scale\.apps -n ltop/);
    } finally {
      c.server.allowAll();
    }
  });

  it('read-only refuses teardown and deletes nothing', async () => {
    const ro = make(new Recorder(), { readonly: true });
    await assert.rejects(ro.teardown(), /read-only/);
    assert.equal(c.server.requests.filter((r) => r.method === 'DELETE').length, 0);
  });

  it('tears down what it applied, namespace last', async () => {
    await platform.teardown();
    const deletes = c.server.requests.filter((r) => r.method === 'DELETE').map((r) => r.path.split('/').slice(-2).join('/'));
    assert.deepEqual(deletes, ['deployments/ltop-master', 'deployments/ltop-worker', 'services/ltop-master', 'configmaps/ltop-settings', 'namespaces/ltop']);
    assert.ok(rec.logs().includes('teardown complete'));
    await waitFor('the namespace gone', () => !c.server.store.get(def('Namespace'), '', 'ltop'));
    assert.equal(c.server.store.list(def('Pod')).length, 0);
  });
});

describe('kube platform with an HPA owning the workers', () => {
  let c: Cluster;
  let locust: LocustMaster;
  const platforms: Platform[] = [];
  before(async () => {
    locust = await startLocustMaster();
    c = await startCluster({ portTarget: (_ns, pod, port) => (pod.startsWith('ltop-master-') && port === 8089 ? { host: '127.0.0.1', port: locust.webPort } : undefined) });
  });
  after(async () => {
    for (const p of platforms) await p.detach();
    await c?.close();
    await locust?.stop();
  });

  it('moves the HPA bounds instead of the replicas and says so', async () => {
    const rec = new Recorder();
    const p = createKubePlatform({ kubeconfigPath: c.kubeconfig, overlayDir: OVERLAY_HPA, readyTimeoutMs: 15_000 }, rec.emit);
    platforms.push(p);
    const ep = await p.start({ kind: 'bundled', name: 'smoke' });
    assert.equal(ep.expectedWorkers, 2);
    await waitFor('the HPA row', () => rec.resources().find((r) => r.kind === 'HPA' && r.status === '2/2' && /min 2 max 6 · cpu <unknown>\/70%/.test(r.detail ?? '')));
    const result = await p.scaleWorkers(8);
    assert.equal(result.expectedWorkers, 8);
    assert.match(result.message, /HPA ltop-worker owns the workers: moved its min\/max from 2\/6 to 8\/8/);
    assert.ok(!c.server.requests.some((r) => r.path.endsWith('/scale') && r.method !== 'GET'), 'ltop never patched the scale subresource');
    await waitFor('8 running workers', () => running(rec, 8));
    await waitFor('the HPA at 8', () => rec.resources().find((r) => r.kind === 'HPA' && r.status === '8/8'));
    assert.ok(rec.logs().some((l) => /SuccessfulRescale horizontalpodautoscaler\/ltop-worker: New size: 8/.test(l)));
    // the cockpit's "workers connected / expected" follows the autoscaler's desired count
    await waitFor('expected workers to follow the HPA', () => rec.events.filter((e) => e.type === 'platform/expected-workers').at(-1)?.expectedWorkers === 8);
    await assert.rejects(p.scaleWorkers(0), /cannot scale them to 0/);
  });
});
