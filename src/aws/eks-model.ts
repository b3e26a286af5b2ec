// EKS answers -> the plain model the infrastructure panel and `ltop doctor` read. Pure: SDK
// shapes in, readonly data out, so it is tested on recorded responses.

import type { Cluster, Nodegroup } from '@aws-sdk/client-eks';

export interface EksIssue {
  readonly code: string;
  readonly message: string;
  readonly resources: readonly string[];
}

export interface EksEndpointAccess {
  readonly public: boolean;
  readonly private: boolean;
  /** where the public endpoint answers from; empty when it is off */
  readonly publicCidrs: readonly string[];
}

export interface EksClusterModel {
  readonly name: string;
  readonly arn: string;
  readonly status: string;
  readonly version: string;
  readonly platformVersion: string;
  readonly endpoint: string;
  readonly endpointAccess: EksEndpointAccess;
  readonly createdAt?: Date;
  readonly issues: readonly EksIssue[];
  readonly tags: Readonly<Record<string, string>>;
}

export interface EksNodeGroupModel {
  readonly name: string;
  readonly status: string;
  readonly desired: number;
  readonly min: number;
  readonly max: number;
  readonly instanceTypes: readonly string[];
  /** ON_DEMAND, SPOT or CAPACITY_BLOCK */
  readonly capacityType: string;
  readonly amiType: string;
  readonly version: string;
  readonly createdAt?: Date;
  readonly issues: readonly EksIssue[];
  readonly autoScalingGroups: readonly string[];
}

export interface EksInfraModel {
  readonly region: string;
  readonly cluster: EksClusterModel;
  readonly nodeGroups: readonly EksNodeGroupModel[];
  /** when AWS answered */
  readonly at: Date;
}

function issuesOf(list: ReadonlyArray<{ code?: string; message?: string; resourceIds?: string[] }> | undefined): EksIssue[] {
  return (list ?? []).map((i) => ({ code: i.code ?? 'Unknown', message: i.message ?? '', resources: i.resourceIds ?? [] }));
}

function dateOf(value: Date | string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function clusterModel(c: Cluster): EksClusterModel {
  const vpc = c.resourcesVpcConfig ?? {};
  // EKS's own defaults when a field is absent: public on, private off, public from anywhere
  const isPublic = vpc.endpointPublicAccess ?? true;
  return {
    name: c.name ?? '',
    arn: c.arn ?? '',
    status: c.status ?? 'UNKNOWN',
    version: c.version ?? '',
    platformVersion: c.platformVersion ?? '',
    endpoint: c.endpoint ?? '',
    endpointAccess: {
      public: isPublic,
      private: vpc.endpointPrivateAccess ?? false,
      publicCidrs: isPublic ? (vpc.publicAccessCidrs ?? ['0.0.0.0/0']) : [],
    },
    createdAt: dateOf(c.createdAt),
    issues: issuesOf(c.health?.issues),
    tags: c.tags ?? {},
  };
}

export function nodeGroupModel(ng: Nodegroup): EksNodeGroupModel {
  return {
    name: ng.nodegroupName ?? '',
    status: ng.status ?? 'UNKNOWN',
    desired: ng.scalingConfig?.desiredSize ?? 0,
    min: ng.scalingConfig?.minSize ?? 0,
    max: ng.scalingConfig?.maxSize ?? 0,
    instanceTypes: ng.instanceTypes ?? [],
    capacityType: ng.capacityType ?? 'ON_DEMAND',
    amiType: ng.amiType ?? '',
    version: ng.version ?? '',
    createdAt: dateOf(ng.createdAt),
    issues: issuesOf(ng.health?.issues),
    autoScalingGroups: (ng.resources?.autoScalingGroups ?? []).map((g) => g.name ?? '').filter(Boolean),
  };
}

export function infraModel(region: string, cluster: Cluster, nodeGroups: readonly Nodegroup[], at: Date): EksInfraModel {
  return {
    region,
    cluster: clusterModel(cluster),
    nodeGroups: nodeGroups.map(nodeGroupModel).sort((a, b) => a.name.localeCompare(b.name)),
    at,
  };
}
