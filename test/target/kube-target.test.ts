// The target panel's model against the test API server, driven by a script: the HPA scales
// the Deployment up, new pods stay Pending until a node joins, then run. Real `kubectl get -w`
// proves the server streams those changes as a real one would; the TargetView, the header and
// the timeline are checked against the same script.

import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { connect } from '../../src/platforms/kube/config.js';
import { KubeTargetSource } from '../../src/target/kube-source.js';
import { targetHeader } from '../../src/target/header.js';
import { scalingCsv, scalingFigures, timelineSample, type TimelineSample } from '../../src/target/timeline.js';
import { scalingSection } from '../../src/report/scaling-html.js';
import type { TargetView } from '../../src/target/view.js';
import { WatchHub, collections } from '../../src/target/watch-hub.js';
import { TargetScript } from '../support/kube-api/index.js';
import { type Cluster, startCluster, waitFor } from '../kube/helpers.js';

const NS = 'shop';
const FULL = '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.';

function watchKubectl(c: Cluster, args: string[]): { child: ChildProcessWithoutNullStreams; out: () => string } {
  const child = spawn('/usr/bin/kubectl', ['--kubeconfig', c.kubeconfig, '--cache-dir', `${c.dir}/cache`, 'get', ...args, '-w', '--no-headers']);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return { child, out: () => out };
}

describe('target model from a scripted cluster', () => {
  let c: Cluster;
  let script: TargetScript;
  before(async () => {
    c = await startCluster({ scheduleDelayMs: 20, startDelayMs: 40 });
    script = new TargetScript(c.server, { namespace: NS, name: 'web', replicas: 2, minReplicas: 2, maxReplicas: 4, cpuTargetPercent: 50, nodes: ['node-a', 'node-b'] });
    script.setup();
  });
  after(async () => {
    await c.close();
  });

  it('scale-up, Pending until a node joins, then Running: seen by kubectl -w, the TargetView, the header and the timeline', async () => {
    const conn = connect({ kubeconfigPath: c.kubeconfig, namespace: NS });
    const hub = new WatchHub(conn, { minBackoffMs: 50, maxBackoffMs: 200 });
    let view: TargetView | undefined;
    const samples: TimelineSample[] = [];
    let recording = false; // the load "reaches its level" when the story starts
    const source = new KubeTargetSource({
      hub,
      selection: { namespace: NS, deployments: ['web'] },
      debounceMs: 20,
      onView: (v) => {
        view = v;
        if (recording) samples.push(timelineSample(v.at, { users: 50, rps: 100 }, v));
      },
    });
    const hpaWatch = watchKubectl(c, ['hpa', '-n', NS]);
    const podWatch = watchKubectl(c, ['pods', '-n', NS]);
    const nodeWatch = watchKubectl(c, ['nodes']);
    try {
      await source.start();
      // the Deployment's status may say 2 ready before the pods' own status does (a loaded
      // machine stretches the scheduler's delays): wait for both
      await waitFor('2 ready replicas, their pods Running', () => view?.deployments[0]?.ready === 2 && view.deployments[0].pods.length === 2 && view.deployments[0].pods.every((p) => p.ready), 20_000);
      assert.equal(targetHeader(view!).text, 'target web 2/2 ready');
      assert.equal(targetHeader(view!).warning, undefined);
      // kubectl has listed before the story starts, so its watches see every change
      await waitFor('kubectl -w to list', () => /^web\s/m.test(hpaWatch.out()) && podWatch.out().split('\n').filter((l) => /^web-\S+\s+1\/1\s+Running/.test(l)).length >= 2 && /^node-b\s/m.test(nodeWatch.out()), 20_000);

      // load: CPU at 100 % of a 50 % target -> the HPA wants 4 (its max); no node has room
      recording = true;
      samples.push(timelineSample(Date.now(), { users: 50, rps: 100 }, view!));
      script.full(FULL);
      script.load(100, 180);
      await waitFor('the HPA at 4 with 2 pods Pending', () => view?.deployments[0]?.hpa?.desired === 4 && view.deployments[0].pods.filter((p) => p.pendingReason?.startsWith('Unschedulable')).length === 2);
      script.podEvent('TriggeredScaleUp', 'pod triggered scale-up: [{eks-ng-1 2->3 (max: 10)}]', 'cluster-autoscaler');
      script.podEvent('Nominated', 'Pod should schedule on: nodeclaim/default-8xk2q', 'karpenter');
      await waitFor('the autoscaler events', () => view?.events.some((e) => e.reason === 'Nominated'));
      const d = view!.deployments[0]!;
      assert.deepEqual([d.desired, d.ready, d.hpa!.min, d.hpa!.max, d.hpa!.current, d.hpa!.desired, d.hpa!.atMax], [4, 2, 2, 4, 4, 4, true]);
      assert.deepEqual(d.hpa!.metrics.map((m) => `${m.name} ${m.current}/${m.target}`), ['cpu 100%/50%', 'http_requests_per_second 180/100 (avg)']);
      assert.ok(d.hpa!.lastScaleTime);
      assert.equal(targetHeader(view!).text, 'target web 2/4 ready');
      assert.equal(targetHeader(view!).warning, `2 Pending: Unschedulable: ${FULL} · HPA web at max 4`);
      const reasons = view!.events.map((e) => e.reason);
      assert.deepEqual(reasons.slice(0, 2), ['Nominated', 'TriggeredScaleUp'], 'newest first');
      for (const r of ['SuccessfulRescale', 'FailedScheduling', 'ScalingReplicaSet']) assert.ok(reasons.includes(r), `${r} in ${reasons.join(', ')}`);

      // a node joins (NotReady, then Ready): the Pending pods are scheduled and run
      script.addNode('node-c', false);
      await waitFor('node-c joining', () => view?.nodes.some((n) => n.name === 'node-c' && n.joining && !n.ready));
      script.nodeReady('node-c');
      await waitFor('4/4 ready', () => view?.deployments[0]?.ready === 4 && view.deployments[0].pods.every((p) => p.ready));
      assert.equal(targetHeader(view!).text, 'target web 4/4 ready');
      assert.equal(targetHeader(view!).warning, 'HPA web at max 4');
      assert.ok(view!.deployments[0]!.pods.every((p) => p.node && ['node-a', 'node-b', 'node-c'].includes(p.node)));
      assert.deepEqual(view!.problems, []);

      // kubectl saw the same story
      await waitFor('kubectl -w: the HPA at 4 replicas', () => /web\s+Deployment\/web\s+cpu: 100%\/50%, http_requests_per_second: 180\/100\s+2\s+4\s+4\s/.test(hpaWatch.out()));
      await waitFor('kubectl -w: pods Pending then Running', () => {
        const lines = podWatch.out().split('\n');
        return lines.some((l) => /^web-\S+\s+0\/1\s+Pending/.test(l)) && lines.filter((l) => /^web-\S+\s+1\/1\s+Running/.test(l)).length >= 4;
      });
      await waitFor('kubectl -w: node-c NotReady then Ready', () => /node-c\s+NotReady/.test(nodeWatch.out()) && /node-c\s+Ready/.test(nodeWatch.out()));

      // the timeline of the same changes
      const f = scalingFigures(samples);
      assert.ok(f.toFirstScaleUpS !== undefined && f.toNewNodeReadyS !== undefined && f.toAllReadyS !== undefined, JSON.stringify(f));
      assert.ok(f.toFirstScaleUpS <= f.toNewNodeReadyS && f.toNewNodeReadyS <= f.toAllReadyS, JSON.stringify(f));
      assert.equal(f.maxDesired, 4);
      assert.equal(f.maxNodes, 3);
      assert.ok(f.timeAtMaxS > 0);
      const csv = scalingCsv(samples).trimEnd().split('\n');
      assert.equal(csv[0], 'time,elapsed_s,users,rps,p95_ms,web_desired,web_ready,pending_pods,nodes,ready_nodes,at_max');
      assert.match(csv.at(-1)!, /,4,4,0,3,3,1$/);
      assert.ok(csv.some((l) => /,4,2,2,2,2,1$/.test(l)), 'a row with 2 of 4 ready and 2 Pending on 2 nodes');
      // the report's timeline marks the same moments: the HPA's scale-up, then the node
      const events = [...scalingSection(samples, f).matchAll(/<td>\+[^<]*<\/td><td>([^<]*)<\/td>/g)].map((m) => m[1]);
      assert.deepEqual(events, ['desired 2 → 4', 'ready nodes 2 → 3']);

      // one watch per collection: another panel asking for nodes shares the same list+watch
      const lists = c.server.requests.filter((r) => r.path === '/api/v1/nodes' && r.verb === 'list').length;
      assert.equal(hub.collection(collections.nodes()).items().length, 3);
      assert.equal(hub.size, 5);
      assert.equal(c.server.requests.filter((r) => r.path === '/api/v1/nodes' && r.verb === 'list').length, lists);
      assert.ok(lists >= 1);
    } finally {
      source.stop();
      hub.stop();
      for (const w of [hpaWatch, podWatch, nodeWatch]) w.child.kill();
    }
  });

  it('a forbidden read is a "missing RBAC" line, and the rest is still shown', async () => {
    c.server.forbid({ verb: 'list', resource: 'horizontalpodautoscalers', namespace: NS });
    c.server.forbid({ verb: 'list', resource: 'nodes' });
    const conn = connect({ kubeconfigPath: c.kubeconfig, namespace: NS });
    const hub = new WatchHub(conn, { minBackoffMs: 50, maxBackoffMs: 200 });
    const source = new KubeTargetSource({ hub, selection: { namespace: NS, deployments: ['web', 'api'] }, onView: () => undefined });
    try {
      const v = await source.start();
      assert.deepEqual(v.problems, ['missing RBAC: cannot list horizontalpodautoscalers in shop', 'missing RBAC: cannot list nodes (cluster scope)', 'deployment api not found in shop']);
      assert.equal(v.deployments[0]!.ready, 4);
      assert.equal(v.deployments[0]!.hpa, undefined);
      assert.equal(targetHeader(v).text, 'target web 4/4, api 0/0 ready');
      assert.match(targetHeader(v).warning ?? '', /missing RBAC: cannot list horizontalpodautoscalers in shop/);
    } finally {
      source.stop();
      hub.stop();
      c.server.allowAll();
    }
  });
});
