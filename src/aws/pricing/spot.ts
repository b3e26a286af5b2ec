// Live spot prices from EC2's spot price history: the price in effect now in each zone, and per
// instance type the cheapest zone (where a price-capacity-optimized group leans).

import { DescribeSpotPriceHistoryCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { SpotPrices } from '../../cost/prices.js';

export type Ec2Api = Pick<EC2Client, 'send'>;

export interface SpotQuote {
  readonly instanceType: string;
  readonly zone: string;
  readonly perHour: number;
  readonly at: number;
}

/** Newest price per type and zone, from DescribeSpotPriceHistory items (pure). */
export function latestByZone(items: ReadonlyArray<{ InstanceType?: string; AvailabilityZone?: string; SpotPrice?: string; Timestamp?: Date }>): SpotQuote[] {
  const best = new Map<string, SpotQuote>();
  for (const it of items) {
    const perHour = Number(it.SpotPrice);
    if (!it.InstanceType || !it.AvailabilityZone || !Number.isFinite(perHour)) continue;
    const at = it.Timestamp?.getTime() ?? 0;
    const key = `${it.InstanceType}/${it.AvailabilityZone}`;
    const seen = best.get(key);
    if (!seen || at > seen.at) best.set(key, { instanceType: it.InstanceType, zone: it.AvailabilityZone, perHour, at });
  }
  return [...best.values()];
}

/** The cheapest zone's price per type. */
export function cheapestPerType(quotes: readonly SpotQuote[], at: number): SpotPrices {
  const perHour: Record<string, number> = {};
  for (const q of quotes) if (perHour[q.instanceType] === undefined || q.perHour < perHour[q.instanceType]!) perHour[q.instanceType] = q.perHour;
  return { perHour, at };
}

/** Spot prices in effect now for these types (Linux), every page read. */
export async function fetchSpotPrices(ec2: Ec2Api, instanceTypes: readonly string[], opts: { now?: number; zones?: readonly string[]; signal?: AbortSignal } = {}): Promise<{ prices: SpotPrices; quotes: SpotQuote[] }> {
  const now = opts.now ?? Date.now();
  const items: Parameters<typeof latestByZone>[0][number][] = [];
  let NextToken: string | undefined;
  do {
    const page = await ec2.send(
      new DescribeSpotPriceHistoryCommand({
        InstanceTypes: [...instanceTypes] as never,
        ProductDescriptions: ['Linux/UNIX'],
        // a start time of now gives the price in effect now in each zone
        StartTime: new Date(now),
        ...(opts.zones?.length === 1 ? { AvailabilityZone: opts.zones[0] } : {}),
        ...(NextToken ? { NextToken } : {}),
      }),
      opts.signal ? { abortSignal: opts.signal } : {},
    );
    items.push(...(page.SpotPriceHistory ?? []));
    NextToken = page.NextToken || undefined;
  } while (NextToken);
  const zones = opts.zones ? new Set(opts.zones) : undefined;
  const quotes = latestByZone(items).filter((q) => !zones || zones.has(q.zone));
  return { prices: cheapestPerType(quotes, now), quotes };
}
