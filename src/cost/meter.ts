// The cost meter: what runs x prices x time. Pure: the caller says what runs (from EKS, EC2 and
// Kubernetes) and when each thing was created, so "spent since the stack came up" comes from the
// resources themselves and survives restarting ltop.

import { type PriceTable, type SpotPrices, gp3PerGbHour, onDemandPerHour, spotPerHour } from './prices.js';

export type Capacity = 'on-demand' | 'spot';

/** Everything billable that runs now, each with its creation time (epoch ms). */
export interface RunningResources {
  readonly controlPlanes?: ReadonlyArray<{ readonly name: string; readonly support: 'standard' | 'extended'; readonly createdAt: number }>;
  readonly nodes?: ReadonlyArray<{ readonly name: string; readonly instanceType: string; readonly capacity: Capacity; readonly createdAt: number }>;
  readonly natGateways?: ReadonlyArray<{ readonly id: string; readonly createdAt: number }>;
  readonly loadBalancers?: ReadonlyArray<{ readonly name: string; readonly type: 'network' | 'application'; readonly createdAt: number }>;
  /** public IPv4 addresses AWS bills (Elastic IPs of NAT gateways, public node or LB addresses) */
  readonly publicIpv4?: ReadonlyArray<{ readonly id: string; readonly createdAt: number }>;
  readonly volumes?: ReadonlyArray<{ readonly id: string; readonly gb: number; readonly createdAt: number }>;
}

export type Component = 'control-plane' | 'nodes' | 'nat-gateways' | 'load-balancers' | 'public-ipv4' | 'ebs' | 'nat-data' | 'logs' | 'bastion';

export interface ComponentCost {
  readonly component: Component;
  /** one line an SRE reads: "2 x c6i.large on-demand", "1 NAT gateway" */
  readonly detail: string;
  readonly count: number;
  readonly perHour: number;
}

export interface Rate {
  readonly perHour: number;
  readonly components: readonly ComponentCost[];
  /** what the figure leaves out or assumes (e.g. spot assumed, LB capacity units not counted) */
  readonly notes: readonly string[];
}

interface Priced {
  readonly component: Component;
  readonly key: string;
  readonly perHour: number;
  readonly createdAt: number;
}

/** Every running resource with its hourly price. */
function priceEach(r: RunningResources, prices: PriceTable, spot: SpotPrices | undefined, notes: Set<string>): Priced[] {
  const out: Priced[] = [];
  for (const cp of r.controlPlanes ?? []) {
    out.push({ component: 'control-plane', key: `EKS control plane (${cp.support} support)`, perHour: prices.eks.controlPlanePerHour[cp.support], createdAt: cp.createdAt });
  }
  for (const n of r.nodes ?? []) {
    let perHour: number;
    if (n.capacity === 'spot') {
      const s = spotPerHour(prices, n.instanceType, spot);
      if (!s.live) notes.add(`spot assumed at ${Math.round(prices.spot.assumedFractionOfOnDemand * 100)}% of on-demand (no spot price history)`);
      perHour = s.perHour;
    } else perHour = onDemandPerHour(prices, n.instanceType);
    out.push({ component: 'nodes', key: `${n.instanceType} ${n.capacity}`, perHour, createdAt: n.createdAt });
  }
  for (const g of r.natGateways ?? []) out.push({ component: 'nat-gateways', key: 'NAT gateway', perHour: prices.nat.perHour, createdAt: g.createdAt });
  for (const lb of r.loadBalancers ?? []) {
    notes.add('load balancers: hours only, capacity units (NLCU/LCU) not counted');
    const perHour = lb.type === 'network' ? prices.loadBalancer.nlbPerHour : prices.loadBalancer.albPerHour;
    out.push({ component: 'load-balancers', key: lb.type === 'network' ? 'NLB' : 'ALB', perHour, createdAt: lb.createdAt });
  }
  for (const ip of r.publicIpv4 ?? []) out.push({ component: 'public-ipv4', key: 'public IPv4', perHour: prices.publicIpv4.perHour, createdAt: ip.createdAt });
  for (const v of r.volumes ?? []) out.push({ component: 'ebs', key: 'GB gp3', perHour: v.gb * gp3PerGbHour(prices), createdAt: v.createdAt });
  return out;
}

function group(priced: readonly Priced[], value: (p: Priced) => number, volumes: RunningResources['volumes']): ComponentCost[] {
  const byComponent = new Map<Component, Map<string, { count: number; sum: number }>>();
  for (const p of priced) {
    const keys = byComponent.get(p.component) ?? new Map<string, { count: number; sum: number }>();
    const k = keys.get(p.key) ?? { count: 0, sum: 0 };
    k.count++;
    k.sum += value(p);
    keys.set(p.key, k);
    byComponent.set(p.component, keys);
  }
  const out: ComponentCost[] = [];
  for (const [component, keys] of byComponent) {
    const entries = [...keys.entries()];
    const count = entries.reduce((s, [, v]) => s + v.count, 0);
    const detail =
      component === 'ebs' ? `${(volumes ?? []).reduce((s, v) => s + v.gb, 0)} GB gp3 in ${count} volume${count === 1 ? '' : 's'}`
      : entries.map(([key, v]) => (component === 'control-plane' ? key : `${v.count} x ${key}`)).join(', ');
    out.push({ component, detail, count, perHour: entries.reduce((s, [, v]) => s + v.sum, 0) });
  }
  return out;
}

const ORDER: readonly Component[] = ['control-plane', 'nodes', 'bastion', 'nat-gateways', 'public-ipv4', 'load-balancers', 'ebs', 'nat-data', 'logs'];
const sorted = (c: ComponentCost[]): ComponentCost[] => c.sort((a, b) => ORDER.indexOf(a.component) - ORDER.indexOf(b.component));

/** $/hour of what runs now. */
export function ratePerHour(r: RunningResources, prices: PriceTable, spot?: SpotPrices): Rate {
  const notes = new Set<string>();
  const components = sorted(group(priceEach(r, prices, spot, notes), (p) => p.perHour, r.volumes));
  return { perHour: components.reduce((s, c) => s + c.perHour, 0), components, notes: [...notes] };
}

export interface Spent {
  readonly total: number;
  /** per component, `perHour` holds the dollars spent (not a rate) */
  readonly components: readonly ComponentCost[];
  /** the oldest creation time: when the stack came up */
  readonly since: number | undefined;
  readonly notes: readonly string[];
}

/**
 * Dollars spent since each running resource was created, up to `now`. A lower bound: what
 * already went (a node scaled in, a deleted load balancer) is no longer listed and not counted.
 */
export function spentSince(r: RunningResources, prices: PriceTable, now: number, spot?: SpotPrices): Spent {
  const notes = new Set<string>(['resources already deleted are not counted']);
  const priced = priceEach(r, prices, spot, notes);
  const components = sorted(group(priced, (p) => (p.perHour * Math.max(0, now - p.createdAt)) / 3_600_000, r.volumes));
  const since = priced.length ? Math.min(...priced.map((p) => p.createdAt)) : undefined;
  return { total: components.reduce((s, c) => s + c.perHour, 0), components, since, notes: [...notes] };
}

/** What the test will have cost at its planned end: spent so far plus the current rate for the rest. */
export function projectCost(spent: number, perHour: number, remainingHours: number): number {
  return spent + perHour * Math.max(0, remainingHours);
}

/** AWS meters data in GB of 2^30 bytes. */
export const BYTES_PER_GB = 2 ** 30;

/**
 * NAT gateway data processing for bytes the swarm moved (sent + received) to a target outside
 * the VPC; nothing when the target is inside it (the NAT is not on the path).
 */
export function natDataCost(bytes: number, prices: PriceTable, targetOutsideVpc: boolean): number {
  return targetOutsideVpc ? (Math.max(0, bytes) / BYTES_PER_GB) * prices.nat.perGb : 0;
}

export type BudgetLevel = 'ok' | 'warning' | 'breach';

export interface BudgetState {
  readonly level: BudgetLevel;
  /** spent / budget */
  readonly ratio: number;
  /** the projection for the planned length goes over the budget (a heads-up before the warning) */
  readonly projectedOver: boolean;
  readonly message: string;
}

const usd = (n: number): string => `$${n.toFixed(2)}`;

/** --budget USD: a warning at 80 % spent, a breach at 100 % (the cockpit offers to stop and tear down). */
export function evaluateBudget(budget: number, spent: number, projected?: number): BudgetState {
  const ratio = budget > 0 ? spent / budget : Number.POSITIVE_INFINITY;
  const projectedOver = projected !== undefined && projected > budget;
  const level: BudgetLevel = ratio >= 1 ? 'breach' : ratio >= 0.8 ? 'warning' : 'ok';
  const pct = Number.isFinite(ratio) ? `${Math.floor(ratio * 100)}%` : 'over';
  const message =
    level === 'breach' ? `budget ${usd(budget)} reached: ${usd(spent)} spent (${pct})`
    : level === 'warning' ? `${pct} of the ${usd(budget)} budget spent (${usd(spent)})`
    : projectedOver ? `on course to exceed the ${usd(budget)} budget: ${usd(projected!)} projected`
    : `${usd(spent)} of ${usd(budget)} (${pct})`;
  return { level, ratio, projectedOver, message };
}
