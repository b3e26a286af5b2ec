// Where ltop talks to AWS: the region (from --region, the stack's tfvars, or the SDK's own chain of
// AWS_REGION and the profile) and the credentials (the SDK's default chain: env, SSO, profiles,
// process, container and instance roles). Endpoints are the SDK's too: AWS_ENDPOINT_URL and
// AWS_ENDPOINT_URL_<SERVICE> are honoured by every client without ltop doing anything.

import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { AwsRegionError, credentialsProblem } from './errors.js';

export interface AwsTarget {
  /** --region */
  readonly region?: string;
  /** --profile; otherwise AWS_PROFILE, as the SDK reads it */
  readonly profile?: string;
  /** the `region` variable of the stack's tfvars, when the Terraform side knows it */
  readonly tfvarsRegion?: string;
}

export type RegionSource = '--region' | 'tfvars' | 'environment or profile';

export interface AwsContext {
  readonly region: string;
  readonly regionSource: RegionSource;
  readonly profile?: string;
  readonly credentials: AwsCredentialIdentityProvider;
  /** spread into every SDK client: `new EKSClient(ctx.clientConfig)` */
  readonly clientConfig: { readonly region: string; readonly credentials: AwsCredentialIdentityProvider; readonly profile?: string; readonly maxAttempts: number };
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/;

export function isRegionName(value: string): boolean {
  return REGION.test(value);
}

async function sdkRegion(profile: string | undefined): Promise<string | undefined> {
  // The SDK's own region chain (AWS_REGION, then the profile's `region`; SDK v3 does not read
  // AWS_DEFAULT_REGION), asked through a client that never sends anything.
  const probe = new STSClient(profile ? { profile } : {});
  try {
    return await probe.config.region();
  } catch {
    return undefined;
  } finally {
    probe.destroy();
  }
}

/**
 * The stack lives where Terraform put it, so the tfvars' region wins over the profile's default;
 * only --region overrides both.
 */
export async function resolveAwsContext(target: AwsTarget = {}): Promise<AwsContext> {
  const profile = target.profile || process.env.AWS_PROFILE || undefined;
  let region: string | undefined;
  let regionSource: RegionSource = '--region';
  for (const [value, source] of [[target.region, '--region'], [target.tfvarsRegion, 'tfvars']] as const) {
    if (value === undefined || value === '') continue;
    if (!isRegionName(value)) throw new AwsRegionError(`${source} "${value}" is not an AWS region name (like eu-central-1)`);
    region = value;
    regionSource = source;
    break;
  }
  if (!region) {
    region = await sdkRegion(profile);
    regionSource = 'environment or profile';
  }
  if (!region) throw new AwsRegionError('no AWS region: pass --region, set region in the tfvars, set AWS_REGION, or give the profile a region');
  if (!isRegionName(region)) throw new AwsRegionError(`the ${regionSource} region "${region}" is not an AWS region name`);
  const credentials = fromNodeProviderChain(profile ? { profile } : {});
  return {
    region,
    regionSource,
    profile,
    credentials,
    clientConfig: { region, credentials, maxAttempts: 3, ...(profile ? { profile } : {}) },
  };
}

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  readonly credentials: AwsCredentialIdentity;
}

/**
 * Resolve the credentials and prove them with STS GetCallerIdentity (which needs no permission),
 * so a missing or expired login is found before Terraform or the cockpit start.
 */
export async function checkCredentials(ctx: AwsContext): Promise<CallerIdentity> {
  const sts = new STSClient(ctx.clientConfig);
  try {
    const credentials = await ctx.credentials();
    const me = await sts.send(new GetCallerIdentityCommand({}));
    return { account: me.Account ?? '', arn: me.Arn ?? '', credentials };
  } catch (err) {
    throw credentialsProblem(err, ctx.profile) ?? err;
  } finally {
    sts.destroy();
  }
}
