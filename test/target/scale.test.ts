import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect } from '../../src/platforms/kube/config.js';
import { scaleTargetDeployment } from '../../src/target/scale.js';
import { TargetScript } from '../support/kube-api/index.js';
import { type Cluster, startCluster } from '../kube/helpers.js';

describe('scale the target Deployment (matrix --replicas on kube)', () => {
  let c: Cluster;
  before(async () => {
    c = await startCluster({ scheduleDelayMs: 20, startDelayMs: 40 });
    new TargetScript(c.server, { namespace: 'shop', name: 'api', replicas: 1, minReplicas: 1, maxReplicas: 1, cpuTargetPercent: 50, nodes: ['node-a', 'node-b'], hpa: false }).setup();
    new TargetScript(c.server, { namespace: 'shop', name: 'web', replicas: 2, minReplicas: 2, maxReplicas: 4, cpuTargetPercent: 50, nodes: ['node-a', 'node-b'] }).setup();
  });
  after(async () => {
    await c.close();
  });

  it('scales through the scale subresource and returns once every replica is Ready', async () => {
    const { rest } = connect({ kubeconfigPath: c.kubeconfig });
    await scaleTargetDeployment(rest, 'shop', 'api', 3, { pollMs: 50, timeoutMs: 10_000 });
    const d = JSON.parse((await c.kubectl(['get', 'deploy/api', '-n', 'shop', '-o', 'json', '--show-managed-fields'])).stdout);
    assert.deepEqual([d.spec.replicas, d.status.readyReplicas], [3, 3]);
    assert.ok(d.metadata.managedFields.some((m: { manager: string; subresource?: string }) => m.manager === 'ltop' && m.subresource === 'scale'));
    assert.ok(c.server.requests.some((r) => r.path === '/apis/apps/v1/namespaces/shop/deployments/api/scale' && r.method === 'PATCH'));
  });

  it('says why it is not ready in time, refuses a Deployment an HPA scales, names missing RBAC', async () => {
    const { rest } = connect({ kubeconfigPath: c.kubeconfig });
    c.server.controllers.unschedulable = '0/2 nodes are available: 2 Insufficient cpu.';
    await assert.rejects(scaleTargetDeployment(rest, 'shop', 'api', 4, { pollMs: 50, timeoutMs: 1000 }), /deployment api not ready after 1 s: 3\/4 ready \(Unschedulable: 0\/2 nodes are available: 2 Insufficient cpu\.\)/);
    c.server.controllers.unschedulable = undefined;
    await assert.rejects(scaleTargetDeployment(rest, 'shop', 'web', 3), /deployment web is scaled by HPA web/);
    await assert.rejects(scaleTargetDeployment(rest, 'shop', 'nope', 3), /deployment nope not found in shop/);
    c.server.forbid({ verb: 'patch', resource: 'deployments/scale', namespace: 'shop' });
    await assert.rejects(scaleTargetDeployment(rest, 'shop', 'api', 2), /missing RBAC: cannot patch deployments\/scale in shop/);
  });
});
