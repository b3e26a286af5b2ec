// The meter against figures computed by hand from the shipped eu-central-1 table.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BYTES_PER_GB, evaluateBudget, natDataCost, projectCost, ratePerHour, spentSince, type RunningResources } from '../../src/cost/meter.js';
import { nodesForMeter } from '../../src/cost/from-kube.js';
import { costSnapshot } from '../../src/cost/snapshot.js';
import { SHIPPED_REGIONS, UnknownPrice, priceTable } from '../../src/cost/prices.js';

const H = 3_600_000;
const T = Date.parse('2026-12-01T12:00:00Z');
const eu = priceTable('eu-central-1');
const close = (actual: number, expected: number, what: string): void => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} != ${expected}`);

const stack: RunningResources = {
  controlPlanes: [{ name: 'ltop', support: 'standard', createdAt: T - 3 * H }],
  nodes: [
    { name: 'a', instanceType: 'c6i.large', capacity: 'on-demand', createdAt: T - 2 * H },
    { name: 'b', instanceType: 'c6i.large', capacity: 'on-demand', createdAt: T - 2 * H },
    { name: 'c', instanceType: 'm5.large', capacity: 'spot', createdAt: T - 0.5 * H },
  ],
  natGateways: [{ id: 'nat-1', createdAt: T - 3 * H }],
  publicIpv4: [{ id: 'eip-1', createdAt: T - 3 * H }],
  loadBalancers: [{ name: 'ltop-master', type: 'network', createdAt: T - 1 * H }],
  volumes: [1, 2, 3].map((i) => ({ id: `vol-${i}`, gb: 20, createdAt: T - 2 * H })),
};
const spot = { perHour: { 'm5.large': 0.04 }, at: T };

describe('cost meter', () => {
  it('ships dated, sourced tables for four regions, with the FACTS figures', () => {
    assert.deepEqual(SHIPPED_REGIONS, ['eu-central-1', 'eu-west-1', 'us-east-1', 'us-west-2']);
    const us = priceTable('us-east-1');
    assert.equal(us.date, '2026-12-01');
    assert.match(us.sources.ec2!, /^https:\/\/aws\.amazon\.com\/ec2\/pricing/);
    assert.deepEqual([us.ec2.onDemandPerHour['t3.medium'], us.ec2.onDemandPerHour['m5.large'], us.nat.perHour, us.logs.ingestionPerGb], [0.0416, 0.096, 0.045, 0.5]);
    assert.deepEqual([eu.ec2.onDemandPerHour['t3.large'], eu.ec2.onDemandPerHour['c5.large'], eu.nat.perGb, eu.loadBalancer.nlbPerHour], [0.096, 0.097, 0.052, 0.027]);
    assert.throws(() => priceTable('ap-south-2'), /no price table for region ap-south-2 \(ltop ships tables for eu-central-1, eu-west-1, us-east-1, us-west-2: pass --region one of them/);
  });

  it('$/hour now, per component', () => {
    const rate = ratePerHour(stack, eu, spot);
    close(rate.perHour, 0.1 + 2 * 0.097 + 0.04 + 0.052 + 0.005 + 0.027 + (60 * 0.0952) / 730, 'total');
    assert.deepEqual(rate.components.map((c) => [c.component, c.detail, c.count]), [
      ['control-plane', 'EKS control plane (standard support)', 1],
      ['nodes', '2 x c6i.large on-demand, 1 x m5.large spot', 3],
      ['nat-gateways', '1 x NAT gateway', 1],
      ['public-ipv4', '1 x public IPv4', 1],
      ['load-balancers', '1 x NLB', 1],
      ['ebs', '60 GB gp3 in 3 volumes', 3],
    ]);
    close(rate.components[1]!.perHour, 0.234, 'nodes');
    assert.deepEqual(rate.notes, ['load balancers: hours only, capacity units (NLCU/LCU) not counted']);
  });

  it('$ spent since each resource was created, so a restarted ltop shows the same figure', () => {
    const spent = spentSince(stack, eu, T, spot);
    const expected = 0.1 * 3 + 0.194 * 2 + 0.04 * 0.5 + 0.052 * 3 + 0.005 * 3 + 0.027 * 1 + ((60 * 0.0952) / 730) * 2;
    close(spent.total, expected, 'spent');
    assert.equal(spent.since, T - 3 * H);
    // an hour later, from nothing but the same resource list (a fresh ltop):
    close(spentSince(stack, eu, T + H, spot).total, expected + ratePerHour(stack, eu, spot).perHour, 'an hour later');
    assert.ok(spent.notes.includes('resources already deleted are not counted'));
  });

  it('projects the planned length, prices NAT data only for a target outside the VPC', () => {
    const rate = ratePerHour(stack, eu, spot).perHour;
    const spent = spentSince(stack, eu, T, spot).total;
    close(projectCost(spent, rate, 2), spent + 2 * rate, 'projection');
    close(projectCost(spent, rate, -1), spent, 'past its end');
    close(natDataCost(10 * BYTES_PER_GB, eu, true), 0.52, '10 GB through the NAT');
    assert.equal(natDataCost(10 * BYTES_PER_GB, eu, false), 0);
  });

  it('without a spot price it assumes 40 % of on-demand and says so; an unknown type names itself', () => {
    const r = ratePerHour({ nodes: [{ name: 'x', instanceType: 'm5.large', capacity: 'spot', createdAt: T }] }, eu);
    close(r.perHour, 0.115 * 0.4, 'assumed spot');
    assert.deepEqual(r.notes, ['spot assumed at 40% of on-demand (no spot price history)']);
    assert.throws(() => ratePerHour({ nodes: [{ name: 'x', instanceType: 'p5.48xlarge', capacity: 'on-demand', createdAt: T }] }, eu), UnknownPrice);
  });

  it('budget: a warning at 80 %, a breach at 100 %, a heads-up when the projection goes over', () => {
    assert.equal(evaluateBudget(10, 7.99).level, 'ok');
    assert.deepEqual(evaluateBudget(10, 8), { level: 'warning', ratio: 0.8, projectedOver: false, message: '80% of the $10.00 budget spent ($8.00)' });
    assert.deepEqual(evaluateBudget(10, 10.5), { level: 'breach', ratio: 1.05, projectedOver: false, message: 'budget $10.00 reached: $10.50 spent (105%)' });
    const heads = evaluateBudget(10, 5, 12);
    assert.deepEqual([heads.level, heads.projectedOver, heads.message], ['ok', true, 'on course to exceed the $10.00 budget: $12.00 projected']);
  });

  it('reads nodes from Kubernetes labels: managed node group and Karpenter capacity types', () => {
    const nodes = nodesForMeter([
      { metadata: { name: 'ip-1', creationTimestamp: '2026-12-01T09:00:00Z', labels: { 'node.kubernetes.io/instance-type': 'c6i.large', 'eks.amazonaws.com/capacityType': 'ON_DEMAND' } } },
      { metadata: { name: 'ip-2', creationTimestamp: '2026-12-01T10:00:00Z', labels: { 'node.kubernetes.io/instance-type': 'm5.large', 'karpenter.sh/capacity-type': 'spot' } } },
      { metadata: { name: 'kind-control-plane', creationTimestamp: '2026-12-01T10:00:00Z', labels: {} } },
    ]);
    assert.deepEqual(nodes, [
      { name: 'ip-1', instanceType: 'c6i.large', capacity: 'on-demand', createdAt: Date.parse('2026-12-01T09:00:00Z') },
      { name: 'ip-2', instanceType: 'm5.large', capacity: 'spot', createdAt: Date.parse('2026-12-01T10:00:00Z') },
    ]);
  });

  it('the header snapshot adds NAT data (target outside the VPC) to spent and to the projection', () => {
    const resources: RunningResources = { natGateways: [{ id: 'n', createdAt: T - 2 * H }] };
    const snap = costSnapshot({ resources, prices: eu, now: T, plannedEnd: T + H, swarmBytes: 4 * BYTES_PER_GB, swarmStartedAt: T - H, targetOutsideVpc: true, budget: 0.5 });
    close(snap.natData, 4 * 0.052, 'NAT data');
    close(snap.spent, 2 * 0.052 + 4 * 0.052, 'spent');
    // an hour left: the gateway's hour plus another 4 GB at the pace so far
    close(snap.projected!, 6 * 0.052 + 0.052 + 4 * 0.052, 'projected');
    assert.equal(snap.budget!.level, 'ok');
    assert.equal(snap.budget!.projectedOver, true);
  });
});
