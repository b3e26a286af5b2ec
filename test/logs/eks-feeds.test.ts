// The eks platform's Logs panel and cost meter reaching the cockpit's state: the fixture stack
// applied by the real terraform (the cluster and node group created in moto), EC2 instances, a
// NAT gateway and the Container Insights log group seeded in moto, the test API server for
// Kubernetes (its Nodes labelled as EKS labels them). CloudWatch through moto (FilterLogEvents)
// and the Live Tail double; the header's $/h hand-computed from the eu-central-1 table.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, DeleteLogGroupCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { AllocateAddressCommand, CreateNatGatewayCommand, CreateSubnetCommand, CreateVpcCommand, DescribeVolumesCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { createEksPlatform, type EksOptions } from '../../src/platforms/eks/index.js';
import type { Platform, PlatformEvent } from '../../src/platforms/platform.js';
import { costSegment } from '../../src/render/cost.js';
import { connectToTestServer, fixtureStack } from '../eks/fixture-stack.js';
import { reduce } from '../../src/state/reducer.js';
import { initialState, type State } from '../../src/state/state.js';
import { OVERLAY, startCluster, type Cluster, waitFor } from '../kube/helpers.js';
import { podLogs as podLogBook } from '../support/kube-api/logs.js';
import { motoForTests } from '../support/moto.js';
import { withLiveTailDouble } from './live-tail-double.js';

const REGION = 'eu-central-1';
const NAME = 'ltop-feeds';
const GROUP = `/aws/containerinsights/${NAME}/application`;

class StateOf {
  state: State = { ...initialState({ platform: 'eks', where: 'eks', scenario: 'smoke', targetHost: '', expectedWorkers: 2, lastSwarm: { users: 1, spawnRate: 1 }, now: Date.now() }), confirmName: NAME };
  readonly emit = (event: PlatformEvent): void => {
    this.state = reduce(this.state, event);
  };
}

/** one container line as the amazon-cloudwatch-observability add-on ships it */
const envelope = (pod: string, namespace: string, line: string): string => JSON.stringify({ log: line, stream: 'stderr', kubernetes: { pod_name: pod, namespace_name: namespace, container_name: 'locust', host: 'ip-10-0-1-1' } });

describe('eks platform: CloudWatch logs and the cost meter in the state (terraform fixture, moto, test API server)', () => {
  motoForTests();
  let cluster: Cluster;
  let options: EksOptions;
  const platforms: Platform[] = [];
  let volumesGb = 0;

  before(async () => {
    cluster = await startCluster();
    const { stackDir, varFile, env } = fixtureStack('ltop-eks-feeds-', 'feeds.tfvars', REGION, NAME);
    const connect = connectToTestServer(() => cluster.server.url);
    options = {
      stackDir,
      varFile,
      connect,
      overlayDir: OVERLAY,
      env,
      kube: { readyTimeoutMs: 20_000, backoff: { minMs: 50, maxMs: 500 } },
    };
    await createEksPlatform(options, () => undefined).infra!.provision(() => undefined);
    // what the node group runs: two c6i.large on-demand with their root volumes, one NAT gateway
    const ec2 = new EC2Client({ region: REGION });
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.1.0/24', AvailabilityZone: `${REGION}a` }))).Subnet!.SubnetId!;
    const eip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
    await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnet, AllocationId: eip, TagSpecifications: [{ ResourceType: 'natgateway', Tags: [{ Key: 'ltop-stack', Value: NAME }] }] }));
    await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12c6146b', InstanceType: 'c6i.large', MinCount: 2, MaxCount: 2, SubnetId: subnet, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'eks:cluster-name', Value: NAME }] }] }));
    volumesGb = ((await ec2.send(new DescribeVolumesCommand({}))).Volumes ?? []).reduce((sum, v) => sum + (v.Size ?? 0), 0);
    ec2.destroy();
    // and Kubernetes sees them as EKS labels its nodes
    const node = (n: number) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: `ip-10-0-1-${n}.${REGION}.compute.internal`, labels: { 'node.kubernetes.io/instance-type': 'c6i.large', 'topology.kubernetes.io/zone': `${REGION}a`, 'eks.amazonaws.com/capacityType': 'ON_DEMAND', 'eks.amazonaws.com/nodegroup': 'workers' } }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    const applied = await cluster.kubectl(['apply', '--validate=false', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [node(1), node(2)] }) });
    assert.equal(applied.exitCode, 0, applied.stderr);
  });

  after(async () => {
    for (const p of platforms) await p.detach();
    await cluster?.close();
  });

  it('the header: $/h of the control plane, nodes, volumes, NAT and its IPv4 from what AWS runs; spent since the cluster came up', async () => {
    const into = new StateOf();
    const logs = new CloudWatchLogsClient({ region: REGION });
    await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: 'ip-10-0-1-1-application.var.log.containers.ltop-worker-a_ltop_locust-1.log' }));
    await logs.send(new PutLogEventsCommand({
      logGroupName: GROUP,
      logStreamName: 'ip-10-0-1-1-application.var.log.containers.ltop-worker-a_ltop_locust-1.log',
      logEvents: [
        { timestamp: Date.now() - 5000, message: envelope('ltop-worker-a', 'ltop', JSON.stringify({ time: new Date().toISOString(), level: 'ERROR', logger: 'locust.runners', role: 'worker', message: 'worker lost its target' })) },
        { timestamp: Date.now() - 4000, message: envelope('other-app', 'shop', 'not ltop') },
      ],
    }));
    const double = withLiveTailDouble(logs);
    const platform = createEksPlatform({ ...options, logs: { client: double.client }, cost: { budget: 100, snapshotEveryMs: 200, swarm: () => ({ bytes: 2 ** 30, targetOutsideVpc: true }) } }, into.emit);
    platforms.push(platform);
    await platform.start({ kind: 'bundled', name: 'smoke' });
    await waitFor('a cost snapshot', () => into.state.cost, 20_000);
    // eu-central-1 (src/cost/prices/eu-central-1.json): control plane 0.10 (1.35 on standard
    // support), c6i.large 0.097 each, gp3 0.0952 per GB-month over 730 h, NAT 0.052, IPv4 0.005
    const perHour = 0.1 + 2 * 0.097 + (volumesGb * 0.0952) / 730 + 0.052 + 0.005;
    assert.ok(Math.abs(into.state.cost!.perHour - perHour) < 1e-9, `${into.state.cost!.perHour} vs ${perHour}`);
    assert.deepEqual(into.state.cost!.rate.components.map((c) => c.component).sort(), ['control-plane', 'ebs', 'nat-gateways', 'nodes', 'public-ipv4']);
    // the swarm moved 1 GiB to a target outside the VPC: $0.052 of NAT data processing
    assert.equal(into.state.cost!.natData, 0.052);
    assert.ok(into.state.cost!.spent > 0.052 && into.state.cost!.spent < 0.062, `just created, plus the NAT data: ${into.state.cost!.spent}`);
    assert.match(costSegment(into.state.cost)!.meter, /^\$0\.35\/h · \$0\.05 spent$/);
    assert.equal(into.state.cost!.budget?.level, 'ok');
    // logs: the history from FilterLogEvents (moto), only ltop's namespace, parsed
    await waitFor('the worker line', () => into.state.logs.find((l) => l.line === 'worker lost its target'), 20_000);
    const line = into.state.logs.find((l) => l.line === 'worker lost its target')!;
    assert.deepEqual([line.source, line.level, line.logger], ['ltop-worker-a', 'ERROR', 'locust.runners']);
    assert.ok(!into.state.logs.some((l) => l.line === 'not ltop'), 'other namespaces are filtered out');
    // then Live Tail, filtered to the namespace; what it pushes reaches the panel
    const session = await waitFor('a Live Tail session', () => double.sessions[0], 20_000);
    assert.equal(session.request.logEventFilterPattern, '{ $.kubernetes.namespace_name = "ltop" }');
    session.update([{ logStreamName: 'ip-10-0-1-2-application.var.log.containers.ltop-master-b_ltop_locust-1.log', timestamp: Date.now(), ingestionTime: Date.now(), message: envelope('ltop-master-b', 'ltop', '[2026-12-01 09:12:16,694] ltop-master/INFO/locust.main: Starting Locust 2.47.0') }]);
    await waitFor('the Live Tail line', () => into.state.logs.find((l) => l.source === 'ltop-master-b' && l.line === 'Starting Locust 2.47.0'), 20_000);
    // the infrastructure panel: the cluster and node group from EKS, the nodes from Kubernetes
    await waitFor('EKS, NodeGroup and Node rows', () => ['EKS', 'NodeGroup', 'Node'].every((kind) => into.state.resources.some((r) => r.kind === kind)), 20_000);
    assert.match(into.state.resources.find((r) => r.kind === 'Node')!.detail ?? '', /^c6i\.large · on-demand · \d+ pods? · up \d+s · eu-central-1a$/);
    const group = () => into.state.resources.find((r) => r.kind === 'NodeGroup' && r.name === 'workers')?.detail ?? '';
    assert.doesNotMatch(group(), /being added/, 'the group has the 2 nodes it wants');
    // a node goes (spot reclaimed, replaced): the group wants 2 and Kubernetes has 1 Ready
    const gone = await cluster.kubectl(['delete', 'node', `ip-10-0-1-2.${REGION}.compute.internal`]);
    assert.equal(gone.exitCode, 0, gone.stderr);
    await waitFor('the node group being filled', () => group().endsWith('· 1 of 2 nodes Ready, 1 being added'), 20_000);
    await platform.detach();
    assert.ok(session.closed, 'detach ends the Live Tail session');
    logs.destroy();
  });

  it('without the Container Insights group (no observability add-on): the pods\' own logs instead, and a line that says why', async () => {
    const logs = new CloudWatchLogsClient({ region: REGION });
    await logs.send(new DeleteLogGroupCommand({ logGroupName: GROUP }));
    logs.destroy();
    const into = new StateOf();
    const platform = createEksPlatform({ ...options, logs: { liveTail: false }, cost: false }, into.emit);
    platforms.push(platform);
    await platform.start({ kind: 'bundled', name: 'smoke' });
    await waitFor('the fallback line', () => into.state.logs.find((l) => /CloudWatch Logs .*application.*reading the pods' logs through the Kubernetes API instead/.test(l.line)), 20_000);
    const book = podLogBook(cluster.server);
    const master = cluster.server.store.list({ group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true } as never).map((p) => String((p.metadata as { name: string }).name)).find((n) => n.startsWith('ltop-master-'))!;
    await waitFor('the master pod followed', () => book.followers('ltop', master) === 1, 20_000);
    book.write('ltop', master, '[2026-12-01 09:12:16,694] ltop-master/INFO/locust.main: from the pod log');
    await waitFor('the pod line in the state', () => into.state.logs.some((l) => l.source === master && l.line === 'from the pod log'), 20_000);
    await platform.detach();
    await waitFor('the stream closed on detach', () => book.followers('ltop', master) === 0, 20_000);
  });
});
