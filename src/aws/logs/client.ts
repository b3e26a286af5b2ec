// The CloudWatch Logs client and the one lookup the tail needs. The SDK itself honours the
// standard settings (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS).

import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';

/** what ltop uses of the client; a test may wrap the real one (e.g. to stand in for Live Tail) */
export type CloudWatchLogsApi = Pick<CloudWatchLogsClient, 'send'>;

export function createLogsClient(region?: string): CloudWatchLogsClient {
  return new CloudWatchLogsClient(region ? { region } : {});
}

export class LogGroupNotFound extends Error {}

/** Live Tail names groups by ARN; DescribeLogGroups gives it (and proves the group exists). */
export async function logGroupArn(client: CloudWatchLogsApi, name: string, signal?: AbortSignal): Promise<string> {
  let nextToken: string | undefined;
  do {
    const page = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, ...(nextToken ? { nextToken } : {}) }), signal ? { abortSignal: signal } : {});
    const group = page.logGroups?.find((g) => g.logGroupName === name);
    if (group) {
      const arn = group.logGroupArn ?? group.arn?.replace(/:\*$/, '');
      if (arn) return arn;
    }
    nextToken = page.nextToken;
  } while (nextToken);
  throw new LogGroupNotFound(
    `log group ${name} not found: on EKS it appears once the amazon-cloudwatch-observability add-on ships container logs (or pass --log-group NAME)`,
  );
}
