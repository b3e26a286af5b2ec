// The infrastructure panel's EKS model and lines, built from DescribeCluster/DescribeNodegroup
// answers recorded from moto (test/aws/fixtures/record.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Cluster, Nodegroup } from '@aws-sdk/client-eks';
import { infraModel } from '../../src/aws/eks-model.js';
import { clusterLine, endpointAccessText, fmtAge, nodeGroupCells } from '../../src/aws/eks-rows.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8'));
const cluster = fixture('describe-cluster.json').cluster as Cluster;
const workers = fixture('describe-nodegroup-workers.json').nodegroup as Nodegroup;
const system = fixture('describe-nodegroup-system.json').nodegroup as Nodegroup;
const at = new Date('2026-12-01T12:00:00Z');

test('cluster: status, version, platform version, endpoint access with its CIDRs, creation time', () => {
  const m = infraModel('eu-central-1', cluster, [workers, system], at);
  assert.equal(m.cluster.name, 'ltop-demo');
  assert.equal(m.cluster.status, 'ACTIVE');
  assert.equal(m.cluster.version, '1.33');
  assert.equal(m.cluster.platformVersion, cluster.platformVersion);
  assert.deepEqual(m.cluster.endpointAccess, { public: true, private: true, publicCidrs: ['203.0.113.7/32'] });
  assert.equal(m.cluster.createdAt?.toISOString(), new Date(cluster.createdAt!).toISOString());
  const line = clusterLine({ ...m.cluster, createdAt: new Date('2026-12-01T09:55:00Z') }, at);
  assert.equal(line, `ltop-demo ACTIVE · k8s 1.33 (${cluster.platformVersion}) · endpoint public (203.0.113.7/32) + private, up 2h 05m`);
});

test('node groups sorted by name with status, desired/min/max, types, capacity and health', () => {
  const m = infraModel('eu-central-1', cluster, [workers, system], at);
  assert.deepEqual(m.nodeGroups.map((g) => g.name), ['system', 'workers']);
  const w = m.nodeGroups[1]!;
  assert.deepEqual([w.status, w.desired, w.min, w.max, w.capacityType], ['ACTIVE', 2, 1, 6, 'SPOT']);
  assert.deepEqual(w.instanceTypes, ['c6i.large', 'c5.large', 'm6i.large']);
  assert.equal(w.autoScalingGroups.length, 1);
  const cells = nodeGroupCells({ ...w, createdAt: new Date('2026-11-29T10:00:00Z') }, at);
  assert.deepEqual(cells, ['workers', 'ACTIVE', '2/1/6', 'c6i.large,c5.large,m6i.large', 'SPOT', '2d 2h', 'ok']);
});

test('a degraded node group shows its health issue (codes as documented in the EKS API Issue type)', () => {
  const degraded: Nodegroup = {
    ...workers,
    status: 'DEGRADED',
    health: { issues: [{ code: 'AsgInstanceLaunchFailures', message: 'Could not launch Spot Instances. UnfulfillableCapacity', resourceIds: ['eks-ng-asg'] }] },
  };
  const m = infraModel('eu-central-1', cluster, [degraded], at);
  const cells = nodeGroupCells(m.nodeGroups[0]!, at);
  assert.equal(cells[1], 'DEGRADED');
  assert.equal(cells[6], 'AsgInstanceLaunchFailures: Could not launch Spot Instances. UnfulfillableCapacity');
});

test('endpoint access reads as an SRE says it; an open public endpoint is flagged', () => {
  assert.equal(endpointAccessText({ public: false, private: true, publicCidrs: [] }), 'private only');
  assert.equal(endpointAccessText({ public: true, private: false, publicCidrs: ['0.0.0.0/0'] }), 'public (anywhere!)');
  const bare = infraModel('eu-central-1', { name: 'x', resourcesVpcConfig: {} }, [], at);
  assert.deepEqual(bare.cluster.endpointAccess, { public: true, private: false, publicCidrs: ['0.0.0.0/0'] }, 'EKS defaults when fields are absent');
});

test('ages', () => {
  assert.deepEqual([fmtAge(40_000), fmtAge(7 * 60_000), fmtAge(-5)], ['40s', '7m', '0s']);
});
