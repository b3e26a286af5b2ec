// The SDK clients ltop uses for one stack, made from one context and destroyed together.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { EKSClient } from '@aws-sdk/client-eks';
import { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsContext } from './context.js';

export interface StackClients {
  readonly eks: EKSClient;
  readonly ec2: EC2Client;
  readonly elb: ElasticLoadBalancingV2Client;
  readonly classicElb: ElasticLoadBalancingClient;
  readonly logs: CloudWatchLogsClient;
  readonly ecr: ECRClient;
  destroy(): void;
}

export function stackClients(config: AwsContext['clientConfig']): StackClients {
  const clients = {
    eks: new EKSClient(config),
    ec2: new EC2Client(config),
    elb: new ElasticLoadBalancingV2Client(config),
    classicElb: new ElasticLoadBalancingClient(config),
    logs: new CloudWatchLogsClient(config),
    ecr: new ECRClient(config),
  };
  return { ...clients, destroy: () => Object.values(clients).forEach((c) => c.destroy()) };
}
