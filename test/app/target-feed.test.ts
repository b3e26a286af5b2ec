// The target feed as `ltop` wires it (startTargetFeed from resolved CLI options): on local it
// follows the real demo target's processes; on kube the named Deployment of a scripted API
// server, its HPA scaling it and a Pending pod; both sample the scaling timeline and stop
// cleanly (the file's process ends: no timer or watch left behind).
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { startTargetFeed } from '../../src/app/target-feed.js';
import { COMMON, resolveOptions } from '../../src/cli/options.js';
import { demoTargetAdmin } from '../../src/demo/admin-client.js';
import { initialState } from '../../src/state/state.js';
import { createStore, type Store } from '../../src/state/store.js';
import { targetHeader } from '../../src/target/header.js';
import { scalingCsv } from '../../src/target/timeline.js';
import { TargetScript } from '../support/kube-api/index.js';
import { repoRoot } from '../support/cli.js';
import { startCluster, waitFor } from '../kube/helpers.js';
import { startPrometheus } from '../prometheus/real-prometheus.js';

function store(platform: 'local' | 'kube', targetHost = ''): Store {
  return createStore(initialState({ platform, where: platform, scenario: 'jsonplaceholder', targetHost, expectedWorkers: 1, lastSwarm: { users: 1, spawnRate: 1 }, now: Date.now() }), 4, 0);
}

async function startDemo(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/demo/main.ts', '--port', '0', ...args], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout });
  const [line] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => Promise.reject(new Error('the demo target exited before listening')))])) as [string];
  return { child, url: (JSON.parse(line) as { url: string }).url };
}

describe('target feed', { concurrency: true }, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('local: the demo target ltop started, its processes as replicas; scaling it shows at once', async () => {
    const demo = await startDemo(['--replicas', '2']);
    cleanups.push(() => void demo.child.kill('SIGTERM'));
    const s = store('local', demo.url);
    const feed = startTargetFeed(resolveOptions({ platform: 'local' }, COMMON), s, { localMs: 500, sampleMs: 200 });
    cleanups.push(() => feed.stop());
    assert.equal(feed.hasTarget, true);
    await waitFor('2 processes', () => s.getState().target?.deployments[0]?.pods.length === 2);
    assert.equal(targetHeader(s.getState().target!).text, 'target demo-target 2/2 ready');
    assert.ok(s.getState().target!.deployments[0]!.pods.every((p) => /^pid \d+$/.test(p.name) && p.node === 'localhost' && p.ready));
    await demoTargetAdmin(demo.url).setReplicas(3);
    await waitFor('3/3 after scaling', () => targetHeader(s.getState().target!).text === 'target demo-target 3/3 ready', 10_000);
    await waitFor('timeline samples with the replicas', () => s.getState().timeline.some((x) => x.targets[0]?.ready === 3));
    assert.match(scalingCsv(s.getState().timeline).split('\n')[0]!, /^time,elapsed_s,users,rps,p95_ms,demo-target_desired,demo-target_ready,pending_pods,nodes,ready_nodes,at_max$/);
    feed.stop();
    const count = s.getState().timeline.length;
    await new Promise((resolve) => setTimeout(resolve, 600)); // two sample periods: nothing more may arrive
    assert.equal(s.getState().timeline.length, count, 'stopped: no more samples');
  });

  it('--prometheus URL: a real Prometheus scraping the demo target; its rate reaches the state and the timeline (server_rps)', async () => {
    const demo = await startDemo([]);
    cleanups.push(() => void demo.child.kill('SIGTERM'));
    const prom = await startPrometheus([new URL(demo.url).host]);
    cleanups.push(() => prom.close());
    const s = store('local', demo.url);
    const resolved = resolveOptions({ platform: 'local', prometheus: prom.url }, COMMON);
    const feed = startTargetFeed({ ...resolved, prometheus: { ...resolved.prometheus!, intervalMs: 1000 } }, s, { localMs: 500, sampleMs: 250 });
    cleanups.push(() => feed.stop());
    // bounded load on loopback while Prometheus scrapes: at most 600 requests
    let sent = 0;
    const load = (async () => {
      while (sent < 600 && !(s.getState().serverSample?.rate ?? 0)) {
        sent++;
        await fetch(`${demo.url}/posts/${1 + (sent % 5)}`).then((r) => r.arrayBuffer());
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    await waitFor('a server-side rate above 0', () => (s.getState().serverSample?.rate ?? 0) > 0, 20_000);
    await load;
    assert.equal(s.getState().serverSample?.error, undefined);
    await waitFor('a timeline sample with the server rate', () => s.getState().timeline.some((x) => (x.serverRps ?? 0) > 0));
    assert.match(scalingCsv(s.getState().timeline).split('\n')[0]!, /,at_max,server_rps$/);
    feed.stop();
  });

  it('local with --host: no target is followed (ltop did not start it)', () => {
    const s = store('local', 'http://127.0.0.1:9');
    const feed = startTargetFeed(resolveOptions({ platform: 'local', host: 'http://127.0.0.1:9' }, COMMON), s);
    feed.stop();
    assert.equal(feed.hasTarget, false);
    assert.equal(s.getState().target, null);
  });

  it('kube: --target-deployment web --target-namespace shop; the HPA at max and a Pending pod reach the state', async () => {
    const cluster = await startCluster({ scheduleDelayMs: 20, startDelayMs: 40 });
    cleanups.push(() => cluster.close());
    const script = new TargetScript(cluster.server, { namespace: 'shop', name: 'web', replicas: 2, minReplicas: 2, maxReplicas: 3, cpuTargetPercent: 50, nodes: ['node-a'] });
    script.setup();
    const s = store('kube');
    const options = resolveOptions({ platform: 'kube', kubeconfig: cluster.kubeconfig, targetDeployment: ['web'], targetNamespace: 'shop' }, COMMON);
    const feed = startTargetFeed(options, s, { sampleMs: 200 });
    cleanups.push(() => feed.stop());
    // bounds for a loaded 2-core machine (a CI run timed out at 10 s here)
    await waitFor('web 2/2', () => s.getState().target && targetHeader(s.getState().target!).text === 'target web 2/2 ready', 30_000);
    script.full('0/1 nodes are available: 1 Insufficient cpu.');
    script.load(100, 150);
    await waitFor('HPA at max with a Pending pod', () => {
      const header = s.getState().target ? targetHeader(s.getState().target!) : null;
      return header?.warning?.includes('Pending: Unschedulable') && header.warning.includes('HPA web at max 3');
    }, 30_000);
    await waitFor('a sample at max', () => s.getState().timeline.some((x) => x.atMax && x.pending > 0), 30_000);
    assert.match(scalingCsv(s.getState().timeline).split('\n')[0]!, /web_desired,web_ready,pending_pods,nodes,ready_nodes,at_max$/);
    feed.stop();
  });

  it('kube: a Deployment that does not exist is a problem line, never a blank panel', async () => {
    const cluster = await startCluster();
    cleanups.push(() => cluster.close());
    const s = store('kube');
    const feed = startTargetFeed(resolveOptions({ platform: 'kube', kubeconfig: cluster.kubeconfig, targetDeployment: ['api'], targetNamespace: 'shop' }, COMMON), s);
    cleanups.push(() => feed.stop());
    await waitFor('the problem', () => s.getState().target?.problems.includes('deployment api not found in shop'), 30_000);
    feed.stop();
  });
});
