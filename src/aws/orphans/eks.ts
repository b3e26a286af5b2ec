// EKS clusters of the stack (by name or tag) and their node groups.
import { DescribeClusterCommand, EKSClient, paginateListClusters, paginateListNodegroups, DescribeNodegroupCommand } from '@aws-sdk/client-eks';
import { orphan, stackTagMatch, type Orphan, type StackRef } from './types.js';

/** Gone between the list and the describe: nothing left, not a failed lookup. */
export async function unlessGone<T>(call: Promise<T>, notFound = 'ResourceNotFoundException'): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if ((err as Error).name === notFound) return undefined;
    throw err;
  }
}

export async function findEks(eks: EKSClient, ref: StackRef): Promise<Orphan[]> {
  const names: string[] = [];
  for await (const page of paginateListClusters({ client: eks }, {})) names.push(...(page.clusters ?? []));
  const found: Orphan[] = [];
  for (const name of names) {
    const described = await unlessGone(eks.send(new DescribeClusterCommand({ name })));
    if (!described) continue;
    const cluster = described.cluster;
    const why = name === ref.clusterName ? `named ${name}` : stackTagMatch(cluster?.tags ?? {}, ref);
    if (!why) continue;
    const groups: string[] = [];
    for await (const page of paginateListNodegroups({ client: eks }, { clusterName: name })) groups.push(...(page.nodegroups ?? []));
    for (const nodegroupName of groups) {
      const described = await unlessGone(eks.send(new DescribeNodegroupCommand({ clusterName: name, nodegroupName })));
      if (!described) continue;
      const ng = described.nodegroup;
      const status = ng?.status ?? 'UNKNOWN';
      found.push(orphan('eks-nodegroup', nodegroupName, ref, `${status}, in cluster ${name}`, status === 'DELETING', { cluster: name }));
    }
    const status = cluster?.status ?? 'UNKNOWN';
    found.push(orphan('eks-cluster', name, ref, `${status}, ${why}`, status === 'DELETING'));
  }
  return found;
}
