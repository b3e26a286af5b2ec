// What the header's cost meter shows, from one pure function: $/hour now, $ spent since the
// stack came up, the projection to the planned end, NAT data cost, and the budget state.

import { type BudgetState, type Rate, type RunningResources, evaluateBudget, natDataCost, projectCost, ratePerHour, spentSince } from './meter.js';
import type { PriceTable, SpotPrices } from './prices.js';

export interface CostInputs {
  readonly resources: RunningResources;
  readonly prices: PriceTable;
  readonly spot?: SpotPrices;
  readonly now: number;
  /** when the planned test ends (epoch ms), for the projection */
  readonly plannedEnd?: number;
  /** bytes the swarm moved so far (Locust's content sizes, both ways), for NAT data */
  readonly swarmBytes?: number;
  /** when the swarm started moving those bytes (default: when the stack came up) */
  readonly swarmStartedAt?: number;
  /** the target is outside the VPC, so the swarm's bytes go through the NAT gateway */
  readonly targetOutsideVpc?: boolean;
  /** --budget USD */
  readonly budget?: number;
}

export interface CostSnapshot {
  readonly perHour: number;
  readonly rate: Rate;
  /** spent since each resource was created, plus NAT data so far */
  readonly spent: number;
  /** when the stack came up (the oldest resource), epoch ms */
  readonly since: number | undefined;
  readonly natData: number;
  /** at plannedEnd: spent + rate for the rest (NAT data grows at its current pace) */
  readonly projected: number | undefined;
  readonly budget: BudgetState | undefined;
  readonly priceDate: string;
}

export function costSnapshot(i: CostInputs): CostSnapshot {
  const rate = ratePerHour(i.resources, i.prices, i.spot);
  const spent = spentSince(i.resources, i.prices, i.now, i.spot);
  const natData = natDataCost(i.swarmBytes ?? 0, i.prices, i.targetOutsideVpc ?? false);
  const total = spent.total + natData;
  let projected: number | undefined;
  if (i.plannedEnd !== undefined) {
    const remainingHours = (i.plannedEnd - i.now) / 3_600_000;
    const from = i.swarmStartedAt ?? spent.since;
    const elapsedHours = from !== undefined ? (i.now - from) / 3_600_000 : 0;
    const natPerHour = elapsedHours > 0 ? natData / elapsedHours : 0;
    projected = projectCost(total, rate.perHour + natPerHour, remainingHours);
  }
  return {
    perHour: rate.perHour,
    rate,
    spent: total,
    since: spent.since,
    natData,
    projected,
    budget: i.budget !== undefined ? evaluateBudget(i.budget, total, projected) : undefined,
    priceDate: i.prices.date,
  };
}
