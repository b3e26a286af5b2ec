// ECR sign-in with the SDK's credentials (what `aws ecr get-login-password` does), for
// `docker login --password-stdin` before `ltop image push`.
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';

export interface EcrLogin {
  /** the registry host docker logs in to: 123456789012.dkr.ecr.eu-central-1.amazonaws.com */
  readonly registry: string;
  readonly username: string;
  readonly password: string;
  readonly expiresAt?: Date;
}

export async function ecrLogin(ecr: ECRClient, signal?: AbortSignal): Promise<EcrLogin> {
  const out = await ecr.send(new GetAuthorizationTokenCommand({}), { abortSignal: signal });
  const data = out.authorizationData?.[0];
  if (!data?.authorizationToken || !data.proxyEndpoint) throw new Error('ECR returned no authorization token');
  // the token is base64("AWS:<password>")
  const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new Error('ECR returned an authorization token ltop cannot read');
  return {
    registry: new URL(data.proxyEndpoint).host,
    username: decoded.slice(0, colon),
    password: decoded.slice(colon + 1),
    expiresAt: data.expiresAt,
  };
}

/** The registry host of a repository URL (Terraform's `repository_url` output has no scheme). */
export function registryOf(repositoryUrl: string): string {
  return repositoryUrl.replace(/^https?:\/\//, '').split('/')[0] ?? '';
}
