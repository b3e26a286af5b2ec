// Resources made in moto the way the Terraform stack makes them in AWS, for the AWS tests.
import { CreateClusterCommand, CreateNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';

export const STACK = 'ltop-demo';
export const REGION = 'eu-central-1';
export const STACK_TAGS = { 'ltop-stack': STACK, project: 'ltop', owner: 'sre@example.com' };

export async function seedCluster(eks: EKSClient, name = STACK): Promise<void> {
  await eks.send(
    new CreateClusterCommand({
      name,
      version: '1.33',
      roleArn: 'arn:aws:iam::123456789012:role/ltop-demo-cluster',
      resourcesVpcConfig: { subnetIds: ['subnet-0a', 'subnet-0b'], endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: ['203.0.113.7/32'] },
      tags: { ...STACK_TAGS, 'ltop-stack': name },
    }),
  );
  const nodeGroup = (nodegroupName: string, subnets: string[], scalingConfig: { desiredSize: number; minSize: number; maxSize: number }, instanceTypes: string[], capacityType: 'SPOT' | 'ON_DEMAND') =>
    new CreateNodegroupCommand({
      clusterName: name,
      nodegroupName,
      nodeRole: 'arn:aws:iam::123456789012:role/ltop-demo-node',
      subnets,
      scalingConfig,
      instanceTypes,
      capacityType,
      amiType: 'AL2023_x86_64_STANDARD',
      tags: { ...STACK_TAGS, 'ltop-stack': name },
    });
  await eks.send(nodeGroup('workers', ['subnet-0a', 'subnet-0b'], { desiredSize: 2, minSize: 1, maxSize: 6 }, ['c6i.large', 'c5.large', 'm6i.large'], 'SPOT'));
  await eks.send(nodeGroup('system', ['subnet-0a'], { desiredSize: 1, minSize: 1, maxSize: 2 }, ['t3.medium'], 'ON_DEMAND'));
}
