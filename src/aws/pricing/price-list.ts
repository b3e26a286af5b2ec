// Optional refresh of on-demand EC2 prices from the AWS Price List API (GetProducts, served
// from us-east-1, eu-central-1 and ap-south-1), cached on disk with its date so the meter and
// the estimate use it until the next refresh. The parsing is pure and follows the documented
// PriceList JSON: each entry a string holding {product: {attributes}, terms: {OnDemand:
// {offerTermCode: {priceDimensions: {rateCode: {unit, pricePerUnit: {USD}}}}}}, publicationDate}.

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetProductsCommand, type PricingClient } from '@aws-sdk/client-pricing';
import { type PriceTable, priceTable, withOnDemand } from '../../cost/prices.js';

export type PricingApi = Pick<PricingClient, 'send'>;

/** The Price List API's own endpoints; us-east-1 unless told otherwise. */
export const PRICING_REGIONS = ['us-east-1', 'eu-central-1', 'ap-south-1'] as const;

interface PriceListProduct {
  product?: { productFamily?: string; attributes?: Record<string, string> };
  terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, { unit?: string; pricePerUnit?: { USD?: string } }> }> };
  publicationDate?: string;
}

/** The shared-tenancy Linux on-demand $/hour per instance type, in `region`, from PriceList entries. */
export function parseEc2PriceList(priceList: readonly string[], region: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const raw of priceList) {
    let p: PriceListProduct;
    try {
      p = JSON.parse(raw) as PriceListProduct;
    } catch {
      continue; // one broken entry must not lose the others
    }
    const a = p.product?.attributes ?? {};
    if (a.regionCode !== region || a.operatingSystem !== 'Linux' || a.tenancy !== 'Shared' || a.preInstalledSw !== 'NA' || a.capacitystatus !== 'Used' || !a.instanceType) continue;
    for (const term of Object.values(p.terms?.OnDemand ?? {})) {
      for (const dim of Object.values(term.priceDimensions ?? {})) {
        const usd = Number(dim.pricePerUnit?.USD);
        if (dim.unit === 'Hrs' && Number.isFinite(usd) && usd > 0) out[a.instanceType] = usd;
      }
    }
  }
  return out;
}

const filter = (Field: string, Value: string) => ({ Type: 'TERM_MATCH' as const, Field, Value });

/** GetProducts for each type (every page), paced so the API's rate limit is not tested. */
export async function fetchEc2OnDemand(pricing: PricingApi, region: string, instanceTypes: readonly string[], signal?: AbortSignal): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const instanceType of instanceTypes) {
    let NextToken: string | undefined;
    do {
      const page = await pricing.send(
        new GetProductsCommand({
          ServiceCode: 'AmazonEC2',
          FormatVersion: 'aws_v1',
          Filters: [
            filter('regionCode', region),
            filter('instanceType', instanceType),
            filter('operatingSystem', 'Linux'),
            filter('tenancy', 'Shared'),
            filter('preInstalledSw', 'NA'),
            filter('capacitystatus', 'Used'),
          ],
          MaxResults: 100,
          ...(NextToken ? { NextToken } : {}),
        }),
        signal ? { abortSignal: signal } : {},
      );
      Object.assign(out, parseEc2PriceList(page.PriceList ?? [], region));
      NextToken = page.NextToken || undefined;
    } while (NextToken);
  }
  return out;
}

export interface PriceCache {
  readonly region: string;
  /** YYYY-MM-DD of the refresh */
  readonly date: string;
  readonly fetchedAt: string;
  readonly source: string;
  readonly onDemandPerHour: Record<string, number>;
}

const cacheFile = (dir: string, region: string): string => join(dir, `prices-${region}.json`);

export async function readPriceCache(dir: string, region: string): Promise<PriceCache | undefined> {
  try {
    const c = JSON.parse(await readFile(cacheFile(dir, region), 'utf8')) as PriceCache;
    return c.region === region && typeof c.date === 'string' && c.onDemandPerHour ? c : undefined;
  } catch {
    return undefined;
  }
}

/** Fetch, cache (written then renamed), and return the table with the fresh prices laid over it. */
export async function refreshPrices(opts: { pricing: PricingApi; region: string; instanceTypes: readonly string[]; cacheDir: string; now?: number; signal?: AbortSignal }): Promise<PriceTable> {
  const onDemand = await fetchEc2OnDemand(opts.pricing, opts.region, opts.instanceTypes, opts.signal);
  const at = new Date(opts.now ?? Date.now());
  const cache: PriceCache = { region: opts.region, date: at.toISOString().slice(0, 10), fetchedAt: at.toISOString(), source: 'AWS Price List API, GetProducts AmazonEC2', onDemandPerHour: onDemand };
  await mkdir(opts.cacheDir, { recursive: true });
  const file = cacheFile(opts.cacheDir, opts.region);
  await writeFile(`${file}.tmp`, JSON.stringify(cache, null, 2));
  await rename(`${file}.tmp`, file);
  return withOnDemand(priceTable(opts.region), onDemand, cache.date);
}

/** The shipped table, with a cached refresh laid over it unless the table is newer (a refresh on its date is fresher). */
export async function pricesFor(region: string, cacheDir?: string): Promise<PriceTable> {
  const shipped = priceTable(region);
  const cache = cacheDir ? await readPriceCache(cacheDir, region) : undefined;
  return cache && cache.date >= shipped.date ? withOnDemand(shipped, cache.onDemandPerHour, cache.date) : shipped;
}
