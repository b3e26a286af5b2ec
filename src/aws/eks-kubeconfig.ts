// DescribeCluster -> a loaded KubeConfig for @kubernetes/client-node, authenticated with EKS
// bearer tokens that ltop signs itself (no aws CLI, no exec plugin): the kube platform takes it
// as it takes the user's kubeconfig.

import { KubeConfig, type User } from '@kubernetes/client-node';
import type { EKSClient } from '@aws-sdk/client-eks';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { clusterModel, type EksClusterModel } from './eks-model.js';
import { describeCluster } from './eks-status.js';
import { EksTokenSource } from './eks-token.js';

const AUTH_PROVIDER = 'ltop-eks-token';

export class EksNotReady extends Error {
  override name = 'EksNotReady';
}

/** Puts the current token on every request (HTTP, watch, WebSocket) of users marked as ltop's. */
type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];

export class EksTokenAuthenticator implements Authenticator {
  constructor(private readonly tokens: EksTokenSource) {}

  isAuthProvider(user: User): boolean {
    return user.authProvider?.name === AUTH_PROVIDER && user.authProvider?.config?.cluster === this.tokens.clusterName;
  }

  async applyAuthentication(_user: User, opts: Parameters<Authenticator['applyAuthentication']>[1]): Promise<void> {
    // KubeConfig has set opts.headers to an object before it calls an authenticator
    const headers = (opts.headers ?? {}) as Record<string, string>;
    headers.Authorization = `Bearer ${await this.tokens.token()}`;
    opts.headers = headers;
  }
}

export interface EksConnection {
  readonly kc: KubeConfig;
  readonly cluster: EksClusterModel;
  readonly tokens: EksTokenSource;
  /** the context name in `kc`: the cluster ARN, as `aws eks update-kubeconfig` names it */
  readonly context: string;
}

export interface EksKubeConfigOptions {
  readonly eks: EKSClient;
  readonly clusterName: string;
  readonly credentials: AwsCredentialIdentityProvider;
  readonly profile?: string;
  /** the namespace ltop deploys to; the context's default */
  readonly namespace?: string;
  readonly signal?: AbortSignal;
}

export function kubeConfigFor(cluster: EksClusterModel, caData: string, tokens: EksTokenSource, namespace?: string): KubeConfig {
  const name = cluster.arn || cluster.name;
  const kc = new KubeConfig();
  kc.addAuthenticator(new EksTokenAuthenticator(tokens));
  kc.loadFromOptions({
    clusters: [{ name, server: cluster.endpoint, caData, skipTLSVerify: false }],
    users: [{ name, authProvider: { name: AUTH_PROVIDER, config: { cluster: cluster.name } } }],
    contexts: [{ name, cluster: name, user: name, ...(namespace ? { namespace } : {}) }],
    currentContext: name,
  });
  return kc;
}

export async function eksKubeConfig(opts: EksKubeConfigOptions): Promise<EksConnection> {
  const raw = await describeCluster(opts.eks, opts.clusterName, opts.signal);
  const cluster = clusterModel(raw);
  if (cluster.status !== 'ACTIVE' && cluster.status !== 'UPDATING') {
    throw new EksNotReady(`EKS cluster ${cluster.name} is ${cluster.status}, not ACTIVE: wait for it (or run ltop up again)`);
  }
  if (!cluster.endpoint || !raw.certificateAuthority?.data) throw new EksNotReady(`EKS cluster ${cluster.name} has no endpoint or CA yet`);
  const region = await opts.eks.config.region();
  const tokens = new EksTokenSource({ clusterName: cluster.name, region, credentials: opts.credentials, profile: opts.profile });
  const kc = kubeConfigFor(cluster, raw.certificateAuthority.data, tokens, opts.namespace);
  return { kc, cluster, tokens, context: kc.getCurrentContext() };
}
