// What the orphan check looks for and how it reports it. Pure: the tag rules that tie an AWS
// resource to a stack, and the aws CLI line that removes each kind.

export type OrphanKind =
  | 'eks-nodegroup'
  | 'eks-cluster'
  | 'load-balancer'
  | 'classic-load-balancer'
  | 'ec2-instance'
  | 'ebs-volume'
  | 'nat-gateway'
  | 'elastic-ip'
  | 'network-interface'
  | 'ecr-repository'
  | 'log-group'
  | 'vpc';

/** The order to remove them in: what depends on something comes first. */
export const REMOVAL_ORDER: readonly OrphanKind[] = [
  'eks-nodegroup',
  'eks-cluster',
  'load-balancer',
  'classic-load-balancer',
  'ec2-instance',
  'ebs-volume',
  'nat-gateway',
  'elastic-ip',
  'network-interface',
  'ecr-repository',
  'log-group',
  'vpc',
];

export interface Orphan {
  readonly kind: OrphanKind;
  /** the id the remove command takes (instance id, ARN, name) */
  readonly id: string;
  readonly region: string;
  /** state and what tied it to the stack, e.g. "running, tag ltop-stack=demo" */
  readonly detail: string;
  /** the aws CLI command that removes it */
  readonly remove: string;
  /** already going away (shutting-down, deleting): worth checking again before calling it left */
  readonly transient: boolean;
}

export interface StackRef {
  /** the `ltop-stack` tag value (Terraform's default_tags) */
  readonly stack: string;
  /** the EKS cluster name; resources Kubernetes and EKS create carry it in their own tags */
  readonly clusterName: string;
  readonly region: string;
}

export type Tags = Readonly<Record<string, string>>;

export function tagsOf(list: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of list ?? []) if (t.Key) out[t.Key] = t.Value ?? '';
  return out;
}

/**
 * Why a resource belongs to the stack, or undefined. Terraform tags everything with ltop-stack;
 * EKS, the node groups, vpc-cni, Karpenter, the EBS CSI driver and the load balancer controllers tag what they create
 * outside Terraform with the cluster name under their own keys.
 */
export function stackTagMatch(tags: Tags, ref: StackRef): string | undefined {
  if (tags['ltop-stack'] === ref.stack) return `tag ltop-stack=${ref.stack}`;
  const c = ref.clusterName;
  for (const key of ['eks:cluster-name', 'eks:eks-cluster-name', 'aws:eks:cluster-name', 'elbv2.k8s.aws/cluster', 'cluster.k8s.amazonaws.com/name', 'KubernetesCluster']) {
    if (tags[key] === c) return `tag ${key}=${c}`;
  }
  // "owned" is what the cluster created; "shared" marks something it only uses (a VPC, subnets)
  const k8s = `kubernetes.io/cluster/${c}`;
  if (tags[k8s] === 'owned') return `tag ${k8s}=owned`;
  return undefined;
}

/** Quote for a POSIX shell only when needed, so the common command stays copy-pasteable and plain. */
export function shellArg(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function removeCommand(kind: OrphanKind, id: string, region: string, extra: { cluster?: string } = {}): string {
  const r = `--region ${shellArg(region)}`;
  const q = shellArg(id);
  switch (kind) {
    case 'eks-nodegroup':
      return `aws eks delete-nodegroup --cluster-name ${shellArg(extra.cluster ?? '')} --nodegroup-name ${q} ${r}`;
    case 'eks-cluster':
      return `aws eks delete-cluster --name ${q} ${r}`;
    case 'load-balancer':
      return `aws elbv2 delete-load-balancer --load-balancer-arn ${q} ${r}`;
    case 'classic-load-balancer':
      return `aws elb delete-load-balancer --load-balancer-name ${q} ${r}`;
    case 'ec2-instance':
      return `aws ec2 terminate-instances --instance-ids ${q} ${r}`;
    case 'ebs-volume':
      return `aws ec2 delete-volume --volume-id ${q} ${r}`;
    case 'nat-gateway':
      return `aws ec2 delete-nat-gateway --nat-gateway-id ${q} ${r}`;
    case 'elastic-ip':
      return `aws ec2 release-address --allocation-id ${q} ${r}`;
    case 'network-interface':
      return `aws ec2 delete-network-interface --network-interface-id ${q} ${r}`;
    case 'ecr-repository':
      return `aws ecr delete-repository --repository-name ${q} --force ${r}`;
    case 'log-group':
      return `aws logs delete-log-group --log-group-name ${q} ${r}`;
    case 'vpc':
      return `aws ec2 delete-vpc --vpc-id ${q} ${r}`;
  }
}

export function orphan(kind: OrphanKind, id: string, ref: StackRef, detail: string, transient = false, extra: { cluster?: string } = {}): Orphan {
  return { kind, id, region: ref.region, detail, remove: removeCommand(kind, id, ref.region, extra), transient };
}
