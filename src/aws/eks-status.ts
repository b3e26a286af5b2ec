// Read the cluster and its node groups from EKS: the I/O half of the infrastructure model.

import { DescribeClusterCommand, DescribeNodegroupCommand, EKSClient, paginateListNodegroups, type Cluster } from '@aws-sdk/client-eks';
import { infraModel, type EksInfraModel } from './eks-model.js';

export class EksClusterNotFound extends Error {
  override name = 'EksClusterNotFound';
}

export async function describeCluster(eks: EKSClient, clusterName: string, signal?: AbortSignal): Promise<Cluster> {
  try {
    const out = await eks.send(new DescribeClusterCommand({ name: clusterName }), { abortSignal: signal });
    if (!out.cluster) throw new EksClusterNotFound(`EKS answered without cluster ${clusterName}`);
    return out.cluster;
  } catch (err) {
    if ((err as Error).name === 'ResourceNotFoundException') {
      const region = await eks.config.region();
      throw new EksClusterNotFound(`no EKS cluster "${clusterName}" in ${region}: run ltop up, or check --region and the cluster name`);
    }
    throw err;
  }
}

export async function fetchEksInfra(eks: EKSClient, clusterName: string, signal?: AbortSignal): Promise<EksInfraModel> {
  const cluster = await describeCluster(eks, clusterName, signal);
  const names: string[] = [];
  for await (const page of paginateListNodegroups({ client: eks }, { clusterName })) names.push(...(page.nodegroups ?? []));
  const nodeGroups = await Promise.all(
    names.map(async (nodegroupName) => (await eks.send(new DescribeNodegroupCommand({ clusterName, nodegroupName }), { abortSignal: signal })).nodegroup ?? { nodegroupName }),
  );
  return infraModel(await eks.config.region(), cluster, nodeGroups, new Date());
}
