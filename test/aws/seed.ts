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
  await eks.send(
    new CreateNodegroupCommand({
      clusterName: name,
      nodegroupName: 'workers',
      nodeRole: 'arn:aws:iam::123456789012:role/ltop-demo-node',
      subnets: ['subnet-0a', 'subnet-0b'],
      scalingConfig: { desiredSize: 2, minSize: 1, maxSize: 6 },
      instanceTypes: ['c6i.large', 'c5.large', 'm6i.large'],
      capacityType: 'SPOT',
      amiType: 'AL2023_x86_64_STANDARD',
      tags: { ...STACK_TAGS, 'ltop-stack': name },
    }),
  );
  await eks.send(
    new CreateNodegroupCommand({
      clusterName: name,
      nodegroupName: 'system',
      nodeRole: 'arn:aws:iam::123456789012:role/ltop-demo-node',
      subnets: ['subnet-0a'],
      scalingConfig: { desiredSize: 1, minSize: 1, maxSize: 2 },
      instanceTypes: ['t3.medium'],
      capacityType: 'ON_DEMAND',
      amiType: 'AL2023_x86_64_STANDARD',
      tags: { ...STACK_TAGS, 'ltop-stack': name },
    }),
  );
}
