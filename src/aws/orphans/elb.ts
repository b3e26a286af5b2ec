// Load balancers (ELBv2: NLB/ALB), the ones a Kubernetes Service of type LoadBalancer leaves.
import { DescribeTagsCommand, ElasticLoadBalancingV2Client, paginateDescribeLoadBalancers } from '@aws-sdk/client-elastic-load-balancing-v2';
import { orphan, stackTagMatch, tagsOf, type Orphan, type StackRef } from './types.js';

const TAGS_PER_CALL = 20; // DescribeTags takes at most 20 ARNs

export async function findLoadBalancers(elb: ElasticLoadBalancingV2Client, ref: StackRef): Promise<Orphan[]> {
  const lbs: Array<{ arn: string; name: string; type: string; state: string }> = [];
  for await (const page of paginateDescribeLoadBalancers({ client: elb }, {})) {
    for (const lb of page.LoadBalancers ?? []) {
      if (lb.LoadBalancerArn) lbs.push({ arn: lb.LoadBalancerArn, name: lb.LoadBalancerName ?? '', type: lb.Type ?? '', state: lb.State?.Code ?? '' });
    }
  }
  const found: Orphan[] = [];
  for (let i = 0; i < lbs.length; i += TAGS_PER_CALL) {
    const batch = lbs.slice(i, i + TAGS_PER_CALL);
    const out = await elb.send(new DescribeTagsCommand({ ResourceArns: batch.map((b) => b.arn) }));
    const tagsByArn = new Map((out.TagDescriptions ?? []).map((d) => [d.ResourceArn ?? '', tagsOf(d.Tags)]));
    for (const lb of batch) {
      const why = stackTagMatch(tagsByArn.get(lb.arn) ?? {}, ref);
      if (why) found.push(orphan('load-balancer', lb.arn, ref, `${lb.type} ${lb.name} ${lb.state}, ${why}`.replace(/\s+/g, ' ')));
    }
  }
  return found;
}
