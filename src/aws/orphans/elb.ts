// Load balancers a Kubernetes Service of type LoadBalancer leaves: ELBv2 (NLB/ALB) and classic.
import { DescribeTagsCommand, ElasticLoadBalancingV2Client, paginateDescribeLoadBalancers } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeTagsCommand as ClassicDescribeTags, ElasticLoadBalancingClient, paginateDescribeLoadBalancers as paginateClassic } from '@aws-sdk/client-elastic-load-balancing';
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

/**
 * Classic load balancers: what the in-tree cloud provider creates for a Service of type
 * LoadBalancer when no load balancer controller or NLB annotation says otherwise.
 */
export async function findClassicLoadBalancers(elb: ElasticLoadBalancingClient, ref: StackRef): Promise<Orphan[]> {
  const names: string[] = [];
  for await (const page of paginateClassic({ client: elb }, {})) {
    for (const lb of page.LoadBalancerDescriptions ?? []) if (lb.LoadBalancerName) names.push(lb.LoadBalancerName);
  }
  const found: Orphan[] = [];
  for (let i = 0; i < names.length; i += TAGS_PER_CALL) {
    const out = await elb.send(new ClassicDescribeTags({ LoadBalancerNames: names.slice(i, i + TAGS_PER_CALL) }));
    for (const d of out.TagDescriptions ?? []) {
      const why = stackTagMatch(tagsOf(d.Tags), ref);
      if (why && d.LoadBalancerName) found.push(orphan('classic-load-balancer', d.LoadBalancerName, ref, `classic, ${why}`));
    }
  }
  return found;
}
