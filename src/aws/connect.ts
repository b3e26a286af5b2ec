// One call for the eks platform: resolve region and credentials, prove them, find the cluster
// and return a KubeConfig the kube platform takes as it takes the user's own.
import { EKSClient } from '@aws-sdk/client-eks';
import { checkCredentials, resolveAwsContext, type AwsContext, type AwsTarget, type CallerIdentity } from './context.js';
import { eksKubeConfig, type EksConnection } from './eks-kubeconfig.js';

export interface EksSession {
  readonly aws: AwsContext;
  readonly identity: CallerIdentity;
  /** keep it for the infrastructure poller; destroy() when the platform stops */
  readonly eks: EKSClient;
  readonly connection: EksConnection;
}

export async function connectEks(target: AwsTarget & { clusterName: string; namespace?: string; signal?: AbortSignal }): Promise<EksSession> {
  const aws = await resolveAwsContext(target);
  const identity = await checkCredentials(aws);
  const eks = new EKSClient(aws.clientConfig);
  try {
    const connection = await eksKubeConfig({ eks, clusterName: target.clusterName, credentials: aws.credentials, profile: aws.profile, namespace: target.namespace, signal: target.signal });
    return { aws, identity, eks, connection };
  } catch (err) {
    eks.destroy();
    throw err;
  }
}
