// Log groups EKS and Container Insights create by name (outside state when Terraform did not),
// and ECR repositories tagged with the stack.
import { CloudWatchLogsClient, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient, ListTagsForResourceCommand, paginateDescribeRepositories } from '@aws-sdk/client-ecr';
import { unlessGone } from './eks.js';
import { orphan, stackTagMatch, tagsOf, type Orphan, type StackRef } from './types.js';

export function logGroupPrefixes(clusterName: string): string[] {
  return [`/aws/eks/${clusterName}/`, `/aws/containerinsights/${clusterName}/`];
}

export async function findLogGroups(logs: CloudWatchLogsClient, ref: StackRef): Promise<Orphan[]> {
  const found: Orphan[] = [];
  for (const prefix of logGroupPrefixes(ref.clusterName)) {
    for await (const page of paginateDescribeLogGroups({ client: logs }, { logGroupNamePrefix: prefix })) {
      for (const g of page.logGroups ?? []) {
        if (!g.logGroupName?.startsWith(prefix)) continue;
        const keep = g.retentionInDays ? `retention ${g.retentionInDays} d` : 'never expires';
        found.push(orphan('log-group', g.logGroupName, ref, `${keep}, ${g.storedBytes ?? 0} bytes stored, name prefix ${prefix}`));
      }
    }
  }
  return found;
}

export async function findEcrRepositories(ecr: ECRClient, ref: StackRef): Promise<Orphan[]> {
  const found: Orphan[] = [];
  for await (const page of paginateDescribeRepositories({ client: ecr }, {})) {
    for (const repo of page.repositories ?? []) {
      if (!repo.repositoryArn || !repo.repositoryName) continue;
      const listed = await unlessGone(ecr.send(new ListTagsForResourceCommand({ resourceArn: repo.repositoryArn })), 'RepositoryNotFoundException');
      if (!listed) continue;
      const tags = tagsOf(listed.tags);
      const why = stackTagMatch(tags, ref);
      if (why) found.push(orphan('ecr-repository', repo.repositoryName, ref, `${repo.repositoryUri ?? ''}, ${why}`));
    }
  }
  return found;
}
