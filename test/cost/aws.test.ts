// The AWS reads behind the cost meter, against moto_server: spot prices from EC2
// DescribeSpotPriceHistory (moto's prices, the real response shape) and what the stack runs
// (instances, volumes, NAT gateways and their addresses, load balancers in its VPC).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AllocateAddressCommand, CreateNatGatewayCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { collectRunningResources } from '../../src/aws/pricing/running.js';
import { costSnapshot } from '../../src/cost/snapshot.js';
import { cheapestPerType, fetchSpotPrices, latestByZone } from '../../src/aws/pricing/spot.js';
import { ratePerHour } from '../../src/cost/meter.js';
import { priceTable } from '../../src/cost/prices.js';
import { type MotoLogs, startMotoForLogs } from '../logs/moto-logs.js';

describe('spot prices', () => {
  let moto: MotoLogs;
  const saved = { ...process.env };
  before(async () => {
    moto = await startMotoForLogs('eu-central-1');
    Object.assign(process.env, moto.env);
  });
  after(async () => {
    await moto.stop();
    process.env = saved;
  });

  it('reads the spot price history through AWS_ENDPOINT_URL, one quote per type and zone', async () => {
    const ec2 = new EC2Client({});
    const { prices, quotes } = await fetchSpotPrices(ec2, ['m5.large', 'c5.large']);
    ec2.destroy();
    assert.ok(quotes.length >= 2);
    assert.deepEqual([...new Set(quotes.map((q) => q.instanceType))].sort(), ['c5.large', 'm5.large']);
    assert.ok(quotes.every((q) => q.zone.startsWith('eu-central-1') && q.perHour > 0));
    assert.deepEqual(Object.keys(prices.perHour).sort(), ['c5.large', 'm5.large']);
    // the meter takes them as live prices (no "assumed" note)
    const rate = ratePerHour({ nodes: [{ name: 'n', instanceType: 'm5.large', capacity: 'spot', createdAt: 0 }] }, priceTable('eu-central-1'), prices);
    assert.equal(rate.perHour, prices.perHour['m5.large']);
    assert.deepEqual(rate.notes, []);
  });

  it('takes the newest price in each zone, then the cheapest zone', () => {
    // items as DescribeSpotPriceHistory documents them (newest first, one per change)
    const items = [
      { AvailabilityZone: 'eu-central-1a', InstanceType: 'm5.large', ProductDescription: 'Linux/UNIX', SpotPrice: '0.041200', Timestamp: new Date('2026-12-01T09:00:00Z') },
      { AvailabilityZone: 'eu-central-1a', InstanceType: 'm5.large', ProductDescription: 'Linux/UNIX', SpotPrice: '0.030000', Timestamp: new Date('2026-11-30T09:00:00Z') },
      { AvailabilityZone: 'eu-central-1b', InstanceType: 'm5.large', ProductDescription: 'Linux/UNIX', SpotPrice: '0.038900', Timestamp: new Date('2026-12-01T08:00:00Z') },
      { AvailabilityZone: 'eu-central-1b', InstanceType: 'c5.large', ProductDescription: 'Linux/UNIX', SpotPrice: 'n/a' },
    ];
    const quotes = latestByZone(items);
    assert.deepEqual(quotes.map((q) => [q.zone, q.perHour]), [['eu-central-1a', 0.0412], ['eu-central-1b', 0.0389]]);
    assert.deepEqual(cheapestPerType(quotes, 1).perHour, { 'm5.large': 0.0389 });
  });

  it('collects what the stack runs, and the header figures follow from it', async () => {
    await moto.reset();
    const ec2 = new EC2Client({});
    const elbv2 = new ElasticLoadBalancingV2Client({});
    const tags = (ResourceType: 'natgateway' | 'instance', Key: string, Value: string) => [{ ResourceType, Tags: [{ Key, Value }] }];
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'eu-central-1a' }))).Subnet!.SubnetId!;
    const eip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
    await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnet, AllocationId: eip, TagSpecifications: tags('natgateway', 'ltop-stack', 'ltop') }));
    const run = (InstanceType: 'm5.large' | 'c5.large', cluster: string, spot = false) =>
      ec2.send(new RunInstancesCommand({ ImageId: 'ami-12c6146b', InstanceType, MinCount: 1, MaxCount: 1, SubnetId: subnet, TagSpecifications: tags('instance', 'eks:cluster-name', cluster), ...(spot ? { InstanceMarketOptions: { MarketType: 'spot' } } : {}) }));
    await run('m5.large', 'ltop');
    await run('m5.large', 'ltop');
    await run('c5.large', 'ltop', true);
    await run('c5.large', 'someone-else');
    await elbv2.send(new CreateLoadBalancerCommand({ Name: 'ltop-master', Type: 'network', Scheme: 'internal', Subnets: [subnet] }));
    const now = Date.now();
    const controlPlane = { name: 'ltop', support: 'standard' as const, createdAt: now - 3_600_000 };
    const running = await collectRunningResources({ ec2, elbv2, cluster: 'ltop', stackTag: { key: 'ltop-stack', value: 'ltop' }, controlPlane });
    ec2.destroy();
    elbv2.destroy();
    assert.deepEqual(running.nodes!.map((n) => `${n.instanceType} ${n.capacity}`).sort(), ['c5.large spot', 'm5.large on-demand', 'm5.large on-demand']);
    assert.equal(running.natGateways!.length, 1);
    assert.equal(running.publicIpv4!.length, 1, "the NAT gateway's Elastic IP");
    assert.deepEqual(running.loadBalancers!.map((l) => [l.name, l.type]), [['ltop-master', 'network']]);
    assert.equal(running.volumes!.length, 3, 'one root volume per node');
    const gb = running.volumes!.reduce((s, v) => s + v.gb, 0);
    const eu = priceTable('eu-central-1');
    const snap = costSnapshot({ resources: running, prices: eu, spot: { perHour: { 'c5.large': 0.03 }, at: now }, now, plannedEnd: now + 2 * 3_600_000, budget: 1 });
    const perHour = 0.1 + 2 * 0.115 + 0.03 + 0.052 + 0.005 + 0.027 + (gb * 0.0952) / 730;
    assert.ok(Math.abs(snap.perHour - perHour) < 1e-9, `${snap.perHour} vs ${perHour}`);
    assert.ok(snap.spent >= 0.1 && snap.spent < 0.11, 'the control plane\'s hour, the rest only just created');
    assert.ok(Math.abs(snap.projected! - (snap.spent + 2 * perHour)) < 1e-9);
    assert.equal(snap.budget!.level, 'ok');
    assert.equal(snap.budget!.projectedOver, false);
    assert.equal(snap.since, controlPlane.createdAt);
  });
});
