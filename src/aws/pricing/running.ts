// What the stack really runs, read from AWS for the cost meter: the cluster's EC2 instances
// (type, spot or on-demand, launch time) and their volumes, the stack's NAT gateways and their
// public IPv4 addresses, and the load balancers in its VPC (including the NLB a Kubernetes
// Service creates outside Terraform). Each with its creation time, so "spent since the stack
// came up" survives restarting ltop. The control plane comes from EKS DescribeCluster (the aws
// module reads it): pass it in.

import { DescribeInstancesCommand, DescribeNatGatewaysCommand, DescribeVolumesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand, type ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { RunningResources } from '../../cost/meter.js';

export interface RunningQuery {
  readonly ec2: Pick<EC2Client, 'send'>;
  readonly elbv2?: Pick<ElasticLoadBalancingV2Client, 'send'>;
  /** the EKS cluster: its nodes carry the tag eks:cluster-name */
  readonly cluster: string;
  /** the stack's tag (terraform output stack_tag): {key: "ltop-stack", value: NAME} */
  readonly stackTag: { readonly key: string; readonly value: string };
  readonly controlPlane?: NonNullable<RunningResources['controlPlanes']>[number];
  readonly signal?: AbortSignal;
}

const time = (d: Date | undefined): number => d?.getTime() ?? Date.now();

export async function collectRunningResources(q: RunningQuery): Promise<RunningResources> {
  const opt = q.signal ? { abortSignal: q.signal } : {};
  const nodes: Array<NonNullable<RunningResources['nodes']>[number]> = [];
  const instanceIds: string[] = [];
  let token: string | undefined;
  do {
    const page = await q.ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'tag:eks:cluster-name', Values: [q.cluster] },
          { Name: 'instance-state-name', Values: ['pending', 'running'] },
        ],
        ...(token ? { NextToken: token } : {}),
      }),
      opt,
    );
    for (const r of page.Reservations ?? []) {
      for (const i of r.Instances ?? []) {
        if (!i.InstanceId || !i.InstanceType) continue;
        instanceIds.push(i.InstanceId);
        nodes.push({ name: i.InstanceId, instanceType: i.InstanceType, capacity: i.InstanceLifecycle === 'spot' ? 'spot' : 'on-demand', createdAt: time(i.LaunchTime) });
      }
    }
    token = page.NextToken || undefined;
  } while (token);

  const volumes: Array<NonNullable<RunningResources['volumes']>[number]> = [];
  if (instanceIds.length) {
    const v = await q.ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: instanceIds }] }), opt);
    for (const vol of v.Volumes ?? []) if (vol.VolumeId && vol.Size) volumes.push({ id: vol.VolumeId, gb: vol.Size, createdAt: time(vol.CreateTime) });
  }

  const nat = await q.ec2.send(
    new DescribeNatGatewaysCommand({
      Filter: [
        { Name: `tag:${q.stackTag.key}`, Values: [q.stackTag.value] },
        { Name: 'state', Values: ['pending', 'available'] },
      ],
    }),
    opt,
  );
  const natGateways = (nat.NatGateways ?? []).map((g) => ({ id: g.NatGatewayId ?? '', createdAt: time(g.CreateTime) }));
  // every address a NAT gateway holds is a billed public IPv4, for as long as the gateway lives
  const publicIpv4 = (nat.NatGateways ?? []).flatMap((g) => (g.NatGatewayAddresses ?? []).filter((a) => a.PublicIp).map((a) => ({ id: a.AllocationId ?? a.PublicIp!, createdAt: time(g.CreateTime) })));
  const vpcs = new Set((nat.NatGateways ?? []).map((g) => g.VpcId).filter(Boolean));

  const loadBalancers: Array<NonNullable<RunningResources['loadBalancers']>[number]> = [];
  if (q.elbv2 && vpcs.size) {
    let marker: string | undefined;
    do {
      const page = await q.elbv2.send(new DescribeLoadBalancersCommand(marker ? { Marker: marker } : {}), opt);
      for (const lb of page.LoadBalancers ?? []) {
        if (!vpcs.has(lb.VpcId) || (lb.Type !== 'network' && lb.Type !== 'application')) continue;
        loadBalancers.push({ name: lb.LoadBalancerName ?? '', type: lb.Type, createdAt: time(lb.CreatedTime) });
      }
      marker = page.NextMarker || undefined;
    } while (marker);
  }

  return { ...(q.controlPlane ? { controlPlanes: [q.controlPlane] } : {}), nodes, volumes, natGateways, publicIpv4, loadBalancers };
}
