// The EKS bearer token, as `aws eks get-token` and aws-iam-authenticator make it: a presigned STS
// GetCallerIdentity URL (GET, the region's STS host, x-k8s-aws-id signed, X-Amz-Expires=60) in
// base64url without padding after "k8s-aws-v1.". EKS accepts it for 15 minutes; ltop makes a new
// one at 14 so a request never carries a token about to lapse.

import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { credentialsProblem } from './errors.js';

export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
export const EKS_TOKEN_LIFETIME_MS = 15 * 60_000;
export const EKS_TOKEN_REFRESH_MS = 14 * 60_000;

export interface EksToken {
  readonly token: string;
  /** when EKS stops accepting it */
  readonly expiresAt: Date;
  /** when ltop makes the next one */
  readonly refreshAt: Date;
}

export interface EksTokenRequest {
  readonly clusterName: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** the signing time; now by default */
  readonly now?: Date;
}

/** The regional STS host EKS verifies against (China regions use amazonaws.com.cn). */
export function stsHost(region: string): string {
  return `sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

export function presignedUrlOf(request: { protocol?: string; hostname: string; path: string; query?: Record<string, string | string[] | null> }): string {
  const url = new URL(`${request.protocol ?? 'https:'}//${request.hostname}${request.path}`);
  for (const [k, v] of Object.entries(request.query ?? {})) {
    for (const one of Array.isArray(v) ? v : [v]) if (one !== null) url.searchParams.append(k, one);
  }
  return url.toString();
}

export async function presignEksToken(req: EksTokenRequest): Promise<EksToken> {
  const now = req.now ?? new Date();
  const hostname = stsHost(req.region);
  const signer = new SignatureV4({ credentials: req.credentials, region: req.region, service: 'sts', sha256: Sha256, applyChecksum: false });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: hostname, 'x-k8s-aws-id': req.clusterName },
    },
    { expiresIn: 60, signingDate: now },
  );
  const url = presignedUrlOf(signed);
  return {
    token: EKS_TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url'),
    expiresAt: new Date(now.getTime() + EKS_TOKEN_LIFETIME_MS),
    refreshAt: new Date(now.getTime() + EKS_TOKEN_REFRESH_MS),
  };
}

/** The presigned URL inside a token (for tests and `ltop doctor`). */
export function decodeEksToken(token: string): URL {
  if (!token.startsWith(EKS_TOKEN_PREFIX)) throw new Error(`not an EKS token (no ${EKS_TOKEN_PREFIX} prefix)`);
  return new URL(Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString('utf8'));
}

/**
 * Hands out the current token and makes a new one once it is 14 minutes old; callers at the same
 * moment share one signing. The credentials provider (the SDK chain) refreshes its own keys.
 */
export class EksTokenSource {
  private current?: EksToken;
  private pending?: Promise<EksToken>;

  constructor(
    private readonly options: {
      readonly clusterName: string;
      readonly region: string;
      readonly credentials: AwsCredentialIdentityProvider;
      /** named in the next step when the login has lapsed */
      readonly profile?: string;
      readonly clock?: () => Date;
    },
  ) {}

  get clusterName(): string {
    return this.options.clusterName;
  }

  async get(): Promise<EksToken> {
    const now = this.options.clock?.() ?? new Date();
    if (this.current && now < this.current.refreshAt) return this.current;
    this.pending ??= presignEksToken({ ...this.options, now })
      .then((token) => {
        this.current = token;
        return token;
      })
      .catch((err: unknown) => {
        // an SSO login that lapses mid-test shows up here first: say what to run
        throw credentialsProblem(err, this.options.profile) ?? err;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  async token(): Promise<string> {
    return (await this.get()).token;
  }
}
