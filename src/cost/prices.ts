// The price table ltop ships, one dated JSON file per region (src/cost/prices/REGION.json, with
// its sources), overlaid by what a Price List refresh cached and by live spot prices.

import euCentral1 from './prices/eu-central-1.json' with { type: 'json' };
import euWest1 from './prices/eu-west-1.json' with { type: 'json' };
import usEast1 from './prices/us-east-1.json' with { type: 'json' };
import usWest2 from './prices/us-west-2.json' with { type: 'json' };

export interface PriceTable {
  readonly region: string;
  readonly currency: 'USD';
  /** when these figures were taken (YYYY-MM-DD) */
  readonly date: string;
  readonly sources: Readonly<Record<string, string>>;
  readonly eks: { readonly controlPlanePerHour: { readonly standard: number; readonly extended: number } };
  readonly ec2: { readonly onDemandPerHour: Readonly<Record<string, number>> };
  readonly nat: { readonly perHour: number; readonly perGb: number };
  readonly publicIpv4: { readonly perHour: number };
  readonly loadBalancer: { readonly nlbPerHour: number; readonly nlcuPerHour: number; readonly albPerHour: number; readonly lcuPerHour: number; readonly note: string };
  readonly ebs: { readonly gp3PerGbMonth: number; readonly hoursPerMonth: number };
  readonly logs: { readonly ingestionPerGb: number; readonly liveTailPerSessionMinute: number };
  readonly spot: { readonly assumedFractionOfOnDemand: number; readonly note: string };
}

/** Live spot prices by instance type (the cheapest zone's current price), with when they were read. */
export interface SpotPrices {
  readonly perHour: Readonly<Record<string, number>>;
  readonly at: number;
}

const TABLES: Record<string, PriceTable> = Object.fromEntries(
  ([usEast1, usWest2, euCentral1, euWest1] as unknown as PriceTable[]).map((t) => [t.region, t]),
);

export const SHIPPED_REGIONS: readonly string[] = Object.keys(TABLES).sort();

export class UnknownPrice extends Error {}

export function priceTable(region: string): PriceTable {
  const table = TABLES[region];
  if (!table) throw new UnknownPrice(`no price table for region ${region} (ltop ships tables for ${SHIPPED_REGIONS.join(', ')}: pass --region one of them for a comparable figure)`);
  return table;
}

/** The table with on-demand prices a Price List refresh found laid over it (newer date wins). */
export function withOnDemand(table: PriceTable, onDemand: Readonly<Record<string, number>>, date: string): PriceTable {
  return { ...table, date, ec2: { ...table.ec2, onDemandPerHour: { ...table.ec2.onDemandPerHour, ...onDemand } } };
}

export function onDemandPerHour(table: PriceTable, instanceType: string): number {
  const price = table.ec2.onDemandPerHour[instanceType];
  if (price === undefined) throw new UnknownPrice(`no on-demand price for ${instanceType} in ${table.region} (the table lists ${Object.keys(table.ec2.onDemandPerHour).length} types; ltop estimate --refresh-prices fetches its price from the AWS Price List API)`);
  return price;
}

/** Spot: the live price when known, else the table's assumed fraction of on-demand. */
export function spotPerHour(table: PriceTable, instanceType: string, spot?: SpotPrices): { perHour: number; live: boolean } {
  const live = spot?.perHour[instanceType];
  if (live !== undefined) return { perHour: live, live: true };
  return { perHour: onDemandPerHour(table, instanceType) * table.spot.assumedFractionOfOnDemand, live: false };
}

/** gp3 storage per GB-hour (a month is 730 hours in AWS's own arithmetic) */
export const gp3PerGbHour = (table: PriceTable): number => table.ebs.gp3PerGbMonth / table.ebs.hoursPerMonth;
