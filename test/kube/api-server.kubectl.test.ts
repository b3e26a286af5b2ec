// The test API server, proven with the real kubectl: whatever the kube platform tests rely on,
// kubectl sees the same way it would against a real cluster.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { RESOURCES } from '../support/kube-api/resources.js';
import { type Cluster, OVERLAY, OVERLAY_HPA, startCluster, waitFor } from './helpers.js';

const POD = RESOURCES.find((d) => d.kind === 'Pod')!;
const render = (dir: string): string => execFileSync('/usr/bin/kubectl', ['kustomize', dir], { encoding: 'utf8' });

describe('test API server, driven by kubectl', () => {
  let c: Cluster;
  before(async () => {
    c = await startCluster();
  });
  after(async () => {
    await c.close();
  });

  it('server-side applies the overlay and runs its pods', async () => {
    const r = await c.kubectl(['apply', '--server-side', '-f', '-'], { input: render(OVERLAY) });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /namespace\/ltop serverside-applied/);
    assert.match(r.stdout, /deployment\.apps\/ltop-worker serverside-applied/);
    const pods = await waitFor('3 running pods', async () => {
      const out = (await c.kubectl(['get', 'pods', '-n', 'ltop', '--no-headers'])).stdout;
      const running = out.split('\n').filter((l) => /\s1\/1\s+Running\s/.test(l));
      return running.length === 3 ? out : undefined;
    });
    assert.equal(pods.split('\n').filter((l) => l.startsWith('ltop-master-')).length, 1);
    const deploy = JSON.parse((await c.kubectl(['get', 'deploy/ltop-worker', '-n', 'ltop', '-o', 'json', '--show-managed-fields'])).stdout);
    assert.equal(deploy.spec.replicas, 2);
    assert.equal(deploy.status.readyReplicas, 2);
    assert.ok(deploy.metadata.managedFields.some((m: { manager: string; operation: string }) => m.manager === 'kubectl' && m.operation === 'Apply'));
  });

  it('kubectl get -w streams the pods a scale adds, from Pending to Running', async () => {
    const watch = spawn('/usr/bin/kubectl', ['--kubeconfig', c.kubeconfig, '--cache-dir', `${c.dir}/cache`, 'get', 'pods', '-n', 'ltop', '-w', '--no-headers']);
    let out = '';
    watch.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await waitFor('the initial list', () => out.split('\n').filter((l) => l.includes('Running')).length >= 3);
      const scaled = await c.kubectl(['scale', 'deploy/ltop-worker', '-n', 'ltop', '--replicas=3']);
      assert.equal(scaled.exitCode, 0, scaled.stderr);
      assert.match(scaled.stdout, /deployment\.apps\/ltop-worker scaled/);
      await waitFor('a new worker going Pending then Running', () => {
        const lines = out.split('\n');
        const fresh = lines.slice(3).filter((l) => l.startsWith('ltop-worker-'));
        return fresh.some((l) => /Pending/.test(l)) && fresh.some((l) => /Running/.test(l));
      });
    } finally {
      watch.kill();
    }
    const deploy = JSON.parse((await c.kubectl(['get', 'deploy/ltop-worker', '-n', 'ltop', '-o', 'json'])).stdout);
    assert.equal(deploy.spec.replicas, 3);
  });

  it('re-applying a field another manager changed is a conflict, --force-conflicts takes it over', async () => {
    const again = await c.kubectl(['apply', '--server-side', '-f', '-'], { input: render(OVERLAY) });
    assert.notEqual(again.exitCode, 0);
    assert.match(again.stderr, /Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps\/v1: \.spec\.replicas/);
    const forced = await c.kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], { input: render(OVERLAY) });
    assert.equal(forced.exitCode, 0, forced.stderr);
    await waitFor('workers back to 2', async () => (await c.kubectl(['get', 'deploy/ltop-worker', '-n', 'ltop', '-o', 'jsonpath={.status.replicas}'])).stdout === '2');
  });

  it('an HPA clamps its target to its bounds and records the rescale', async () => {
    const r = await c.kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], { input: render(OVERLAY_HPA) });
    assert.equal(r.exitCode, 0, r.stderr);
    const patched = await c.kubectl(['patch', 'hpa/ltop-worker', '-n', 'ltop', '--type=merge', '-p', '{"spec":{"minReplicas":4}}']);
    assert.equal(patched.exitCode, 0, patched.stderr);
    await waitFor('4 workers', async () => (await c.kubectl(['get', 'deploy/ltop-worker', '-n', 'ltop', '-o', 'jsonpath={.status.readyReplicas}'])).stdout === '4');
    const hpa = (await c.kubectl(['get', 'hpa', '-n', 'ltop', '--no-headers'])).stdout;
    assert.match(hpa, /ltop-worker\s+Deployment\/ltop-worker\s+cpu: <unknown>\/70%\s+4\s+6\s+4/);
    const events = (await c.kubectl(['get', 'events', '-n', 'ltop'])).stdout;
    assert.match(events, /SuccessfulRescale\s+horizontalpodautoscaler\/ltop-worker\s+New size: 4; reason: Current number of replicas below Spec's minimum/);
  });

  it('forbidden verbs fail with the real Forbidden text', async () => {
    c.server.forbid({ verb: 'delete', resource: 'deployments', namespace: 'ltop' });
    c.server.forbid({ verb: 'patch', resource: 'deployments/scale' });
    try {
      const del = await c.kubectl(['delete', 'deploy/ltop-worker', '-n', 'ltop']);
      assert.notEqual(del.exitCode, 0);
      assert.match(
        del.stderr,
        /Error from server \(Forbidden\): deployments\.apps "ltop-worker" is forbidden: User "ltop-test" cannot delete resource "deployments" in API group "apps" in the namespace "ltop"/,
      );
      const scale = await c.kubectl(['scale', 'deploy/ltop-master', '-n', 'ltop', '--replicas=2']);
      assert.match(scale.stderr, /cannot patch resource "deployments\/scale" in API group "apps"/);
    } finally {
      c.server.allowAll();
    }
  });

  it('not found and already exists read like a real server', async () => {
    const missing = await c.kubectl(['get', 'deploy/nope', '-n', 'ltop']);
    assert.match(missing.stderr, /Error from server \(NotFound\): deployments\.apps "nope" not found/);
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: ltop\ndata:\n  a: b\n';
    assert.equal((await c.kubectl(['create', '-f', '-'], { input: cm })).exitCode, 0);
    const dup = await c.kubectl(['create', '-f', '-'], { input: cm });
    assert.match(dup.stderr, /Error from server \(AlreadyExists\): error when creating "STDIN": configmaps "extra" already exists/);
    const noNs = await c.kubectl(['create', 'configmap', 'x', '-n', 'elsewhere']);
    assert.match(noNs.stderr, /namespaces "elsewhere" not found/);
  });

  it('kubectl rollout restart rolls the pods onto a new template', async () => {
    const before = (await c.kubectl(['get', 'pods', '-n', 'ltop', '-l', 'app.kubernetes.io/component=master', '-o', 'name'])).stdout.trim();
    const r = await c.kubectl(['rollout', 'restart', 'deploy/ltop-master', '-n', 'ltop']);
    assert.equal(r.exitCode, 0, r.stderr);
    const status = await c.kubectl(['rollout', 'status', 'deploy/ltop-master', '-n', 'ltop', '--timeout=10s']);
    assert.equal(status.exitCode, 0, status.stderr);
    assert.match(status.stdout, /successfully rolled out/);
    const afterPods = await waitFor('one new master pod', async () => {
      const out = (await c.kubectl(['get', 'pods', '-n', 'ltop', '-l', 'app.kubernetes.io/component=master', '-o', 'name'])).stdout.trim();
      return out !== before && out.split('\n').length === 1 ? out : undefined;
    });
    assert.notEqual(afterPods, before);
  });

  it('deleting the namespace removes everything in it', async () => {
    const r = await c.kubectl(['delete', 'namespace', 'ltop', '--timeout=10s']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /namespace "ltop" deleted/);
    assert.match((await c.kubectl(['get', 'ns', 'ltop'])).stderr, /namespaces "ltop" not found/);
    assert.equal(c.server.store.list(POD).length, 0);
  });
});

describe('test API server, wrong credentials', () => {
  let c: Cluster;
  before(async () => {
    c = await startCluster({ token: 'right' });
    c.server.writeKubeconfig(c.kubeconfig, { token: 'wrong' });
  });
  after(async () => {
    await c.close();
  });
  it('answers 401 and kubectl says to log in', async () => {
    const r = await c.kubectl(['get', 'pods']);
    assert.match(r.stderr, /error: You must be logged in to the server/);
  });
});
