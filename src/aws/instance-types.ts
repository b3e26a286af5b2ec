// Is every instance type the stack asks for offered in the region? EC2's own answer
// (DescribeInstanceTypeOfferings), asked before Terraform runs: a node group of a type the region
// lacks otherwise fails only after the VPC and the cluster were created, 15 minutes in.
import { EC2Client, paginateDescribeInstanceTypeOfferings } from '@aws-sdk/client-ec2';

/** A usage error (exit 2): the var file asks for what the region cannot give. */
export class InstanceTypeError extends Error {
  override name = 'InstanceTypeError';
}

/** The types of `wanted` the region does not offer, in the order asked. */
export async function unofferedInstanceTypes(ec2: EC2Client, wanted: readonly string[], signal?: AbortSignal): Promise<string[]> {
  const offered = new Set<string>();
  const pages = paginateDescribeInstanceTypeOfferings({ client: ec2 }, { LocationType: 'region', Filters: [{ Name: 'instance-type', Values: [...wanted] }] });
  for await (const page of pages) {
    signal?.throwIfAborted();
    for (const offering of page.InstanceTypeOfferings ?? []) if (offering.InstanceType) offered.add(offering.InstanceType);
  }
  return wanted.filter((type) => !offered.has(type));
}

export async function requireInstanceTypes(ec2: EC2Client, region: string, wanted: readonly string[], variable: string, signal?: AbortSignal): Promise<void> {
  const missing = await unofferedInstanceTypes(ec2, wanted, signal);
  if (missing.length === 0) return;
  const family = `${missing[0]!.split('.')[0]}.*`;
  throw new InstanceTypeError(
    `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not offered in ${region}: set ${variable} in the var file to types the region has ` +
      `(aws ec2 describe-instance-type-offerings --region ${region} --filters Name=instance-type,Values=${family})`,
  );
}
