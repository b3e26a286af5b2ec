// EC2 leftovers: instances not terminated, EBS volumes (persistent volumes outlive their pods
// and nodes), NAT gateways not deleted, Elastic IPs, network
// interfaces (tagged, or the EKS control plane's own untagged "Amazon EKS <cluster>" ones), VPCs.
import {
  DescribeAddressesCommand,
  EC2Client,
  paginateDescribeInstances,
  paginateDescribeNatGateways,
  paginateDescribeNetworkInterfaces,
  paginateDescribeVolumes,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import { orphan, stackTagMatch, tagsOf, type Orphan, type StackRef } from './types.js';

const LIVE_INSTANCE_STATES = ['pending', 'running', 'shutting-down', 'stopping', 'stopped'];

export async function findInstances(ec2: EC2Client, ref: StackRef): Promise<Orphan[]> {
  const found: Orphan[] = [];
  const pages = paginateDescribeInstances({ client: ec2 }, { Filters: [{ Name: 'instance-state-name', Values: LIVE_INSTANCE_STATES }] });
  for await (const page of pages) {
    for (const r of page.Reservations ?? []) {
      for (const i of r.Instances ?? []) {
        const why = stackTagMatch(tagsOf(i.Tags), ref);
        const state = i.State?.Name ?? 'unknown';
        if (why && i.InstanceId && LIVE_INSTANCE_STATES.includes(state)) {
          found.push(orphan('ec2-instance', i.InstanceId, ref, `${state} ${i.InstanceType ?? ''}, ${why}`, state === 'shutting-down'));
        }
      }
    }
  }
  return found;
}

export async function findVolumes(ec2: EC2Client, ref: StackRef): Promise<Orphan[]> {
  const found: Orphan[] = [];
  for await (const page of paginateDescribeVolumes({ client: ec2 }, {})) {
    for (const v of page.Volumes ?? []) {
      if (!v.VolumeId || v.State === 'deleted') continue;
      // a volume attached to a found instance goes with it when it is set to
      if (v.Attachments?.some((a) => a.DeleteOnTermination)) continue;
      const why = stackTagMatch(tagsOf(v.Tags), ref);
      if (why) found.push(orphan('ebs-volume', v.VolumeId, ref, `${v.State ?? 'unknown'} ${v.Size ?? '?'} GiB ${v.VolumeType ?? ''}, ${why}`.replace(/\s+/g, ' '), v.State === 'deleting'));
    }
  }
  return found;
}

export async function findNatGateways(ec2: EC2Client, ref: StackRef): Promise<Orphan[]> {
  const found: Orphan[] = [];
  for await (const page of paginateDescribeNatGateways({ client: ec2 }, {})) {
    for (const n of page.NatGateways ?? []) {
      const state = n.State ?? 'unknown';
      if (state === 'deleted' || state === 'failed' || !n.NatGatewayId) continue; // neither bills
      const why = stackTagMatch(tagsOf(n.Tags), ref);
      if (why) found.push(orphan('nat-gateway', n.NatGatewayId, ref, `${state}, ${why}`, state === 'deleting'));
    }
  }
  return found;
}

export async function findElasticIps(ec2: EC2Client, ref: StackRef): Promise<Orphan[]> {
  const out = await ec2.send(new DescribeAddressesCommand({}));
  const found: Orphan[] = [];
  for (const a of out.Addresses ?? []) {
    const why = stackTagMatch(tagsOf(a.Tags), ref);
    const id = a.AllocationId ?? a.PublicIp;
    if (why && id) found.push(orphan('elastic-ip', id, ref, `${a.PublicIp ?? ''}${a.AssociationId ? ' associated' : ''}, ${why}`));
  }
  return found;
}

export async function findNetworkInterfaces(ec2: EC2Client, ref: StackRef): Promise<Orphan[]> {
  const found: Orphan[] = [];
  const eksDescription = `Amazon EKS ${ref.clusterName}`;
  for await (const page of paginateDescribeNetworkInterfaces({ client: ec2 }, {})) {
    for (const n of page.NetworkInterfaces ?? []) {
      if (!n.NetworkInterfaceId) continue;
      // an instance's own interface goes with the instance: the instance is what to report
      if (n.Attachment?.InstanceId && n.Attachment.DeleteOnTermination) continue;
      const why = stackTagMatch(tagsOf(n.TagSet), ref) ?? (n.Description === eksDescription ? `description "${eksDescription}"` : undefined);
      if (why) found.push(orphan('network-interface', n.NetworkInterfaceId, ref, `${n.Status ?? 'unknown'}, ${why}`));
    }
  }
  return found;
}

export async function findVpcs(ec2: EC2Client, ref: StackRef): Promise<Orphan[]> {
  const found: Orphan[] = [];
  for await (const page of paginateDescribeVpcs({ client: ec2 }, {})) {
    for (const v of page.Vpcs ?? []) {
      const why = stackTagMatch(tagsOf(v.Tags), ref);
      if (why && v.VpcId) found.push(orphan('vpc', v.VpcId, ref, `${v.CidrBlock ?? ''}, ${why}`));
    }
  }
  return found;
}
