// Who can reach what, per rendering: only workers reach the master's 5557, only what needs
// the web port reaches 8089, and master/workers talk only to DNS (and workers to the target).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderAll, deployment } from './kustomize.js';
import type { K8sObject } from './kustomize.js';
import { allowed, inCidr } from './netpol.js';
import type { Endpoint, Pod } from './netpol.js';

const podOf = (objects: readonly K8sObject[], name: string): Pod => ({
  namespace: 'ltop',
  labels: deployment(objects, name).spec.template.metadata.labels,
});
const dns: Pod = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
const strangerInLtop: Pod = { namespace: 'ltop', labels: { app: 'debug' } };
const webClient: Pod = { namespace: 'ltop', labels: { 'ltop-web-client': 'true' } };
const prometheus: Pod = { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };
const target = { ip: '203.0.113.10' };
const metadataService = { ip: '169.254.169.254' };
const insideVpc = { ip: '10.0.12.34' };
const homeNetwork = { ip: '192.168.1.20' };

async function rendering(name: string): Promise<readonly K8sObject[]> {
  const found = (await renderAll()).find((r) => r.name === name);
  assert.ok(found, name);
  return found.objects;
}

test('in every rendering only workers reach the master on 5557', async () => {
  for (const { name, objects } of await renderAll()) {
    const master = podOf(objects, 'ltop-master');
    const worker = podOf(objects, 'ltop-worker');
    const workerLookalikeElsewhere: Pod = { namespace: 'default', labels: worker.labels };
    assert.equal(allowed(objects, worker, master, 5557), true, `${name}: worker -> master:5557`);
    for (const [who, from] of [
      ['a stranger pod in ltop', strangerInLtop],
      ['a web client', webClient],
      ['a worker-labelled pod in another namespace', workerLookalikeElsewhere],
      ['prometheus', prometheus],
      ['an address outside the cluster', insideVpc],
    ] as [string, Endpoint][]) {
      assert.equal(allowed(objects, from, master, 5557), false, `${name}: ${who} -> master:5557`);
    }
    assert.equal(allowed(objects, worker, master, 8089), false, `${name}: workers do not need the web port`);
    assert.equal(allowed(objects, master, worker, 5557), false, `${name}: nothing dials into a worker`);
  }
});

test('in every rendering the web port is open to labelled web clients, closed to other pods', async () => {
  for (const { name, objects } of await renderAll()) {
    const master = podOf(objects, 'ltop-master');
    assert.equal(allowed(objects, webClient, master, 8089), true, `${name}: ltop-web-client -> master:8089`);
    assert.equal(allowed(objects, strangerInLtop, master, 8089), false, `${name}: unlabelled pod -> master:8089`);
    assert.equal(allowed(objects, webClient, podOf(objects, 'ltop-worker'), 8089), false);
  }
});

test('in every rendering master and workers resolve names, workers reach the target and nothing else', async () => {
  for (const { name, objects } of await renderAll()) {
    const master = podOf(objects, 'ltop-master');
    const worker = podOf(objects, 'ltop-worker');
    for (const [who, pod] of [
      ['master', master],
      ['worker', worker],
    ] as const) {
      assert.equal(allowed(objects, pod, dns, 53, 'UDP'), true, `${name}: ${who} -> DNS/UDP`);
      assert.equal(allowed(objects, pod, dns, 53, 'TCP'), true, `${name}: ${who} -> DNS/TCP`);
      assert.equal(allowed(objects, pod, metadataService, 80), false, `${name}: ${who} -> cloud metadata`);
      assert.equal(allowed(objects, pod, { namespace: 'default', labels: { app: 'api' } }, 443), false, `${name}: ${who} -> any pod`);
    }
    for (const port of [80, 443, 8080]) {
      assert.equal(allowed(objects, worker, target, port), true, `${name}: worker -> target:${String(port)}`);
    }
    assert.equal(allowed(objects, worker, target, 22), false, `${name}: worker -> target:22`);
    assert.equal(allowed(objects, master, target, 443), false, `${name}: the master sends no load`);
  }
});

test('local: the NodePort web UI is reachable from outside, the worker port is not', async () => {
  const objects = await rendering('k8s/overlays/local');
  const master = podOf(objects, 'ltop-master');
  assert.equal(allowed(objects, homeNetwork, master, 8089), true);
  assert.equal(allowed(objects, homeNetwork, master, 5557), false);
  const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'ltop-web') as
    | (K8sObject & { spec: { type: string; ports: { name: string; port: number; nodePort: number }[] } })
    | undefined;
  assert.equal(svc?.spec.type, 'NodePort');
  assert.deepEqual(
    svc.spec.ports.map((p) => [p.name, p.port, p.nodePort]),
    [['web', 8089, 30089]],
  );
  const masterSvc = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'ltop-master') as K8sObject & {
    spec: { type: string };
  };
  assert.equal(masterSvc.spec.type, 'ClusterIP', 'the worker port is never published on the nodes');
});

test('eks: the web UI stays inside the cluster unless the internal NLB component is added', async () => {
  const plain = await rendering('k8s/overlays/eks');
  const published = plain.filter(
    (o) => o.kind === 'Service' && ['NodePort', 'LoadBalancer'].includes((o as { spec?: { type?: string } }).spec?.type ?? ''),
  );
  assert.deepEqual(published, []);
  assert.equal(allowed(plain, insideVpc, podOf(plain, 'ltop-master'), 8089), false);

  const nlb = await rendering('eks + monitoring + eks-internal-nlb');
  const master = podOf(nlb, 'ltop-master');
  const svc = nlb.find((o) => o.kind === 'Service' && o.metadata.name === 'ltop-web') as K8sObject & {
    spec: { type: string; loadBalancerSourceRanges?: string[]; ports: { name: string; port: number }[] };
  };
  assert.equal(svc.spec.type, 'LoadBalancer');
  assert.equal(svc.metadata.annotations?.['service.beta.kubernetes.io/aws-load-balancer-scheme'], 'internal');
  const ranges = svc.spec.loadBalancerSourceRanges ?? [];
  assert.ok(ranges.length > 0, 'restricted by source ranges');
  assert.ok(!ranges.some((r) => r.endsWith('/0')), 'no open-to-the-world range');
  assert.deepEqual(
    svc.spec.ports.map((p) => [p.name, p.port]),
    [['web', 8089]],
  );
  assert.equal(allowed(nlb, insideVpc, master, 8089), true, 'the NLB (inside the VPC) reaches the web port');
  assert.equal(allowed(nlb, homeNetwork, master, 8089), false);
  assert.equal(allowed(nlb, insideVpc, master, 5557), false);
});

test('monitoring: only Prometheus in the monitoring namespace scrapes the exporter', async () => {
  for (const name of ['local + monitoring', 'eks + monitoring + eks-internal-nlb']) {
    const objects = await rendering(name);
    const master = podOf(objects, 'ltop-master');
    assert.equal(allowed(objects, prometheus, master, 9646), true, `${name}: prometheus -> exporter`);
    assert.equal(allowed(objects, strangerInLtop, master, 9646), false, `${name}: other pod -> exporter`);
    assert.equal(allowed(objects, prometheus, master, 8089), false, `${name}: prometheus needs no web port`);
  }
  const without = await rendering('k8s/overlays/eks');
  assert.equal(allowed(without, prometheus, podOf(without, 'ltop-master'), 9646), false);
});

test('the evaluator itself: CIDRs and default-open pods', () => {
  assert.equal(inCidr('10.0.12.34', '10.0.0.0/16'), true);
  assert.equal(inCidr('10.1.0.1', '10.0.0.0/16'), false);
  assert.equal(inCidr('169.254.169.254', '169.254.169.254/32'), true);
  assert.equal(inCidr('8.8.8.8', '0.0.0.0/0'), true);
  const open: Pod = { namespace: 'elsewhere', labels: {} };
  assert.equal(allowed([], open, { ip: '1.2.3.4' }, 443), true, 'no policy: open');
});
