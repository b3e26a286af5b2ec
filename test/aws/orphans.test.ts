// The orphan check against moto_server: resources left on purpose (some the stack's, some not)
// are found or ignored as they should be; deleted, the check is clean.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteClusterCommand, DeleteNodegroupCommand } from '@aws-sdk/client-eks';
import {
  AllocateAddressCommand,
  CreateNatGatewayCommand,
  CreateNetworkInterfaceCommand,
  CreateSubnetCommand,
  CreateVolumeCommand,
  DeleteVolumeCommand,
  CreateVpcCommand,
  DeleteNatGatewayCommand,
  DeleteNetworkInterfaceCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  ReleaseAddressCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type ResourceType,
} from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand, DeleteLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateLoadBalancerCommand as CreateClassic, DeleteLoadBalancerCommand as DeleteClassic } from '@aws-sdk/client-elastic-load-balancing';
import { CreateLogGroupCommand, DeleteLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateRepositoryCommand, DeleteRepositoryCommand } from '@aws-sdk/client-ecr';
import { resolveAwsContext, type AwsContext } from '../../src/aws/context.js';
import { checkOrphans } from '../../src/aws/orphans/check.js';
import { orphanReportLines } from '../../src/aws/orphans/report.js';
import { AwsCredentialsError } from '../../src/aws/errors.js';
import { motoForTests } from '../support/moto.js';
import { stackClients } from '../../src/aws/clients.js';
import { REGION, STACK, STACK_TAGS, seedCluster } from './seed.js';

motoForTests({ resetEach: true });
let ctx: AwsContext;

before(async () => {
  ctx = await resolveAwsContext({ region: REGION });
});

const tagList = (tags: Record<string, string>): Array<{ Key: string; Value: string }> => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
const spec = (type: ResourceType, tags: Record<string, string>) => [{ ResourceType: type, Tags: tagList(tags) }];

/** What a half-destroyed stack looks like, next to an unrelated workload that must be left alone. */
async function leaveResources() {
  const clients = stackClients(ctx.clientConfig);
  const { eks, ec2, elb, classicElb: classic, logs, ecr } = clients;
  await seedCluster(eks); // ltop-demo with node groups workers and system
  await seedCluster(eks, 'someone-else'); // tagged ltop-stack=someone-else
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: spec('vpc', STACK_TAGS) }))).Vpc!.VpcId!;
  const otherVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc!.VpcId!;
  const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.1.0/24', AvailabilityZone: `${REGION}a` }))).Subnet!.SubnetId!;
  const subnet2 = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.2.0/24', AvailabilityZone: `${REGION}b` }))).Subnet!.SubnetId!;
  const otherSubnet = (await ec2.send(new CreateSubnetCommand({ VpcId: otherVpc, CidrBlock: '10.1.1.0/24', AvailabilityZone: `${REGION}a` }))).Subnet!.SubnetId!;
  const otherSubnet2 = (await ec2.send(new CreateSubnetCommand({ VpcId: otherVpc, CidrBlock: '10.1.2.0/24', AvailabilityZone: `${REGION}b` }))).Subnet!.SubnetId!;
  const natEip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: spec('elastic-ip', STACK_TAGS) }))).AllocationId!;
  const strayEip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
  const nat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnet, AllocationId: natEip, TagSpecifications: spec('natgateway', STACK_TAGS) }))).NatGateway!.NatGatewayId!;
  const run = async (tags: Record<string, string>, SubnetId = subnet) =>
    (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12c6146b', InstanceType: 't3.medium', MinCount: 1, MaxCount: 1, SubnetId, TagSpecifications: spec('instance', tags) }))).Instances![0]!.InstanceId!;
  const bastion = await run(STACK_TAGS);
  const node = await run({ 'eks:cluster-name': STACK, 'eks:nodegroup-name': 'workers' });
  const unrelated = await run({ team: 'payments' }, otherSubnet);
  const gone = await run(STACK_TAGS);
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [gone] }));
  const pvc = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${REGION}a`, Size: 20, VolumeType: 'gp3', TagSpecifications: spec('volume', { KubernetesCluster: STACK, 'kubernetes.io/created-for/pvc/name': 'results' }) }))).VolumeId!;
  const otherVolume = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${REGION}a`, Size: 8 }))).VolumeId!;
  const cniEni = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnet, TagSpecifications: spec('network-interface', { 'cluster.k8s.amazonaws.com/name': STACK }) }))).NetworkInterface!.NetworkInterfaceId!;
  const eksEni = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnet, Description: `Amazon EKS ${STACK}` }))).NetworkInterface!.NetworkInterfaceId!;
  const otherEni = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: otherSubnet, Description: `Amazon EKS ${STACK}-2` }))).NetworkInterface!.NetworkInterfaceId!;
  const nlb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'k8s-ltop-master-abc', Type: 'network', Subnets: [subnet, subnet2], Tags: tagList({ [`kubernetes.io/cluster/${STACK}`]: 'owned', 'kubernetes.io/service-name': 'ltop/locust-master' }) }))).LoadBalancers![0]!.LoadBalancerArn!;
  const otherLb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'payments', Type: 'network', Subnets: [otherSubnet, otherSubnet2] }))).LoadBalancers![0]!.LoadBalancerArn!;
  const listeners = [{ Protocol: 'TCP', LoadBalancerPort: 8089, InstancePort: 30089 }];
  await classic.send(new CreateClassic({ LoadBalancerName: 'a1b2c3-ltop-web', Listeners: listeners, Subnets: [subnet], Tags: tagList({ [`kubernetes.io/cluster/${STACK}`]: 'owned' }) }));
  await classic.send(new CreateClassic({ LoadBalancerName: 'payments-web', Listeners: listeners, Subnets: [otherSubnet] }));
  const groups = [`/aws/eks/${STACK}/cluster`, `/aws/containerinsights/${STACK}/application`, `/aws/eks/${STACK}-2/cluster`, '/aws/lambda/payments'];
  for (const logGroupName of groups) await logs.send(new CreateLogGroupCommand({ logGroupName }));
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: groups[0], retentionInDays: 7 }));
  await ecr.send(new CreateRepositoryCommand({ repositoryName: `${STACK}/locust`, tags: tagList(STACK_TAGS) }));
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'payments/api' }));
  return { pvc, otherVolume, clients, eks, ec2, elb, classic, logs, ecr, vpc, otherVpc, subnet, subnet2, natEip, strayEip, nat, bastion, node, unrelated, gone, cniEni, eksEni, otherEni, nlb, otherLb, groups };
}

test('finds what the stack left (by ltop-stack tag, by the tags EKS and Kubernetes use, by name) and nothing else', async () => {
  const left = await leaveResources();
  const report = await checkOrphans(ctx, { stack: STACK });
  assert.deepEqual(report.failures, []);
  assert.equal(report.clean, false);
  const found = report.orphans.map((o) => `${o.kind} ${o.id}`);
  assert.deepEqual(found, [
    'eks-nodegroup system',
    'eks-nodegroup workers',
    `eks-cluster ${STACK}`,
    `load-balancer ${left.nlb}`,
    'classic-load-balancer a1b2c3-ltop-web',
    ...[left.bastion, left.node].sort().map((i) => `ec2-instance ${i}`),
    `ebs-volume ${left.pvc}`,
    `nat-gateway ${left.nat}`,
    `elastic-ip ${left.natEip}`,
    ...[left.cniEni, left.eksEni].sort().map((i) => `network-interface ${i}`),
    `ecr-repository ${STACK}/locust`,
    `log-group /aws/containerinsights/${STACK}/application`,
    `log-group /aws/eks/${STACK}/cluster`,
    `vpc ${left.vpc}`,
  ]);
  for (const absent of [left.otherVolume, left.unrelated, left.gone, left.strayEip, left.otherEni, left.otherLb, left.otherVpc, 'someone-else', 'payments/api', 'payments-web', '/aws/lambda/payments', `/aws/eks/${STACK}-2/cluster`]) {
    assert.ok(!found.some((f) => f.endsWith(` ${absent}`)), `${absent} is not the stack's`);
  }
  const byId = new Map(report.orphans.map((o) => [o.id, o]));
  assert.equal(byId.get(left.node)!.detail, `running t3.medium, tag eks:cluster-name=${STACK}`);
  assert.equal(byId.get('workers')!.remove, `aws eks delete-nodegroup --cluster-name ${STACK} --nodegroup-name workers --region ${REGION}`);
  assert.equal(byId.get(left.pvc)!.detail, `available 20 GiB gp3, tag KubernetesCluster=${STACK}`);
  assert.equal(byId.get(left.nat)!.remove, `aws ec2 delete-nat-gateway --nat-gateway-id ${left.nat} --region ${REGION}`);
  assert.equal(byId.get(`/aws/eks/${STACK}/cluster`)!.remove, `aws logs delete-log-group --log-group-name /aws/eks/${STACK}/cluster --region ${REGION}`);
  assert.equal(byId.get(`${STACK}/locust`)!.remove, `aws ecr delete-repository --repository-name ${STACK}/locust --force --region ${REGION}`);
  assert.ok(report.orphans.every((o) => o.region === REGION));
  const lines = orphanReportLines(report);
  assert.equal(lines[0], `16 resources left in AWS for stack ${STACK} (cluster ${STACK}) in ${REGION} (remove in this order):`);
  assert.ok(lines.includes(`    aws ec2 terminate-instances --instance-ids ${left.bastion} --region ${REGION}`));

  // remove them with the SDK as the commands say, and the check is clean
  await left.eks.send(new DeleteNodegroupCommand({ clusterName: STACK, nodegroupName: 'workers' }));
  await left.eks.send(new DeleteNodegroupCommand({ clusterName: STACK, nodegroupName: 'system' }));
  await left.eks.send(new DeleteClusterCommand({ name: STACK }));
  await left.elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: left.nlb }));
  await left.classic.send(new DeleteClassic({ LoadBalancerName: 'a1b2c3-ltop-web' }));
  await left.ec2.send(new TerminateInstancesCommand({ InstanceIds: [left.bastion, left.node] }));
  await left.ec2.send(new DeleteVolumeCommand({ VolumeId: left.pvc }));
  await left.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: left.nat }));
  await left.ec2.send(new ReleaseAddressCommand({ AllocationId: left.natEip }));
  for (const id of [left.cniEni, left.eksEni]) await left.ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: id }));
  await left.ecr.send(new DeleteRepositoryCommand({ repositoryName: `${STACK}/locust`, force: true }));
  for (const logGroupName of left.groups.slice(0, 2)) await left.logs.send(new DeleteLogGroupCommand({ logGroupName }));
  for (const SubnetId of [left.subnet, left.subnet2]) await left.ec2.send(new DeleteSubnetCommand({ SubnetId }));
  await left.ec2.send(new DeleteVpcCommand({ VpcId: left.vpc }));
  const after = await checkOrphans(ctx, { stack: STACK });
  assert.deepEqual(after.orphans.map((o) => `${o.kind} ${o.id} ${o.detail}`), []);
  assert.equal(after.clean, true);
  assert.deepEqual(orphanReportLines(after), [`nothing left in AWS for stack ${STACK} (cluster ${STACK}) in ${REGION}`]);
  left.clients.destroy();
});

test('a lookup that cannot answer makes the check not clean, with its cause (AWS_ENDPOINT_URL_ECR honoured)', async () => {
  process.env.AWS_ENDPOINT_URL_ECR = 'http://127.0.0.1:9'; // discard port: nothing listens
  try {
    const report = await checkOrphans(await resolveAwsContext({ region: REGION }), { stack: STACK });
    assert.equal(report.orphans.length, 0);
    assert.equal(report.clean, false);
    assert.deepEqual(report.failures.map((f) => f.what), ['ECR repositories']);
    assert.match(report.failures[0]!.error, /listing ECR repositories: cannot reach the AWS endpoint \(ECONNREFUSED/);
    assert.match(orphanReportLines(report).join('\n'), /cannot say nothing is left/);
  } finally {
    delete process.env.AWS_ENDPOINT_URL_ECR;
  }
});

test('without credentials the check stops with one error and the next step', async () => {
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  try {
    await assert.rejects(checkOrphans(await resolveAwsContext({ region: REGION }), { stack: STACK }), (err: unknown) => err instanceof AwsCredentialsError && err.problem === 'missing' && /set AWS_PROFILE=NAME/.test(err.message));
  } finally {
    process.env.AWS_ACCESS_KEY_ID = saved.id;
    process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
  }
});
