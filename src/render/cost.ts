// The header's cost segment from a CostSnapshot, pure: "$X.XX/h · $Y spent · ~$Z for the planned
// run", and --budget's warning or breach as its own words. Nothing without a snapshot: no figure
// is ever made up.
import type { BudgetLevel } from '../cost/meter.js';
import type { CostSnapshot } from '../cost/snapshot.js';

export interface CostSegment {
  readonly meter: string;
  /** the budget's words when it needs attention (warning, breach, or a projection over it) */
  readonly budget: string | null;
  readonly level: BudgetLevel;
}

const usd = (n: number): string => `$${n.toFixed(2)}`;

export function costSegment(cost: CostSnapshot | null): CostSegment | null {
  if (!cost) return null;
  const projected = cost.projected !== undefined ? ` · ~${usd(cost.projected)} for the planned run` : '';
  const budget = cost.budget;
  const attention = budget && (budget.level !== 'ok' || budget.projectedOver) ? budget.message : null;
  return { meter: `${usd(cost.perHour)}/h · ${usd(cost.spent)} spent${projected}`, budget: attention, level: budget?.level ?? 'ok' };
}
