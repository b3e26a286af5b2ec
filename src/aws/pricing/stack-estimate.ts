// The estimate of a stack as `ltop estimate` and `ltop up` show it: the region resolved like
// every AWS call (--region, the tfvars, then the SDK's chain: AWS_REGION, the profile), the
// prices from the shipped table with the last Price List refresh laid over it, and on
// --refresh-prices a new refresh of the stack's instance types first (cached with its date).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PricingClient } from '@aws-sdk/client-pricing';
import { type Estimate, type EstimateInput, estimate, estimateVars } from '../../cost/estimate.js';
import { resolveAwsContext } from '../context.js';
import { pricesFor, PRICING_REGIONS, refreshPrices } from './price-list.js';

/** Where refreshed prices are kept: $XDG_CACHE_HOME/ltop, else ~/.cache/ltop (the cost meter reads it too). */
export function priceCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ltop');
}

export interface StackEstimateInput extends EstimateInput {
  readonly profile?: string;
  /** fetch the stack's instance types' on-demand prices from the Price List API first */
  readonly refreshPrices?: boolean;
  readonly cacheDir?: string;
  /** what the refresh did, as a line for stderr */
  readonly onNote?: (line: string) => void;
}

export async function stackEstimate(input: StackEstimateInput): Promise<Estimate> {
  const vars = await estimateVars(input);
  const aws = await resolveAwsContext({
    ...(input.region ? { region: input.region } : {}),
    ...(vars.region ? { tfvarsRegion: vars.region } : {}),
    ...(input.profile ? { profile: input.profile } : {}),
  });
  const cacheDir = input.cacheDir ?? priceCacheDir();
  let prices;
  if (input.refreshPrices) {
    const types = [...new Set([...vars.node_instance_types, ...(vars.enable_bastion ? [vars.bastion_instance_type] : [])])];
    // the Price List API answers from a few regions only; the region asked about is a filter
    const pricing = new PricingClient({ ...aws.clientConfig, region: PRICING_REGIONS[0] });
    try {
      prices = await refreshPrices({ pricing, region: aws.region, instanceTypes: types, cacheDir });
    } finally {
      pricing.destroy();
    }
    const found = types.filter((t) => prices!.ec2.onDemandPerHour[t] !== undefined);
    input.onNote?.(`prices refreshed from the AWS Price List API on ${prices.date} for ${found.join(', ') || 'no type'} in ${aws.region} (cached in ${cacheDir})`);
  } else {
    prices = await pricesFor(aws.region, cacheDir);
  }
  return estimate({ ...input, region: aws.region, prices });
}
