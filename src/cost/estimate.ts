// `ltop estimate`: what a stack configuration costs per hour and for the planned duration, per
// component, before anything is created. The deploy confirmation shows the same figures (call
// the same function). Priced by the same meter as the live header, on the resources the stack
// would create at its desired size.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../paths.js';
import { supportOf } from './eks-support.js';
import { type Component, type RunningResources, ratePerHour } from './meter.js';
import { type PriceTable, type SpotPrices, priceTable } from './prices.js';
import { type StackVars, TfvarsError, readTfvars, resolveStackVars, variableDefaults } from './tfvars.js';

/** What the stack does not say and the estimate has to assume (each one is printed with the result). */
export interface EstimateAssumptions {
  /** GB/hour the swarm moves through the NAT gateway (a target outside the VPC); default 0 */
  readonly natGbPerHour?: number;
  /** GB/hour of container logs ingested by CloudWatch; default 0.05 */
  readonly logsGbPerHour?: number;
  /** NLBs in front of the master (components/eks-internal-nlb); default 0 */
  readonly loadBalancers?: number;
  /** root volume of each node and of the bastion, GB gp3; default 20 (the AL2023 AMI's) */
  readonly volumeGb?: number;
}

export interface EstimateInput {
  /** a terraform .tfvars file (HCL) */
  readonly tfvarsPath?: string;
  /** values over the tfvars (e.g. from flags) */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** the stack's variables.tf (default: terraform/variables.tf of this checkout) */
  readonly variablesTfPath?: string;
  /** --region: over the tfvars' region */
  readonly region?: string;
  /** the planned test length */
  readonly hours: number;
  readonly assumptions?: EstimateAssumptions;
  readonly prices?: PriceTable;
  readonly spot?: SpotPrices;
  /** decides standard vs extended support of kubernetes_version */
  readonly now?: number;
}

export interface EstimateLine {
  readonly component: Component;
  readonly detail: string;
  readonly count: number;
  readonly perHour: number;
  readonly forDuration: number;
}

/** The `ltop estimate --json` document. Money in USD, rounded to 4 decimals. */
export interface Estimate {
  readonly region: string;
  readonly hours: number;
  readonly currency: 'USD';
  /** the date of the price table used */
  readonly priceDate: string;
  readonly kubernetesVersion: string;
  readonly support: 'standard' | 'extended';
  readonly components: readonly EstimateLine[];
  readonly perHour: number;
  readonly forDuration: number;
  readonly assumptions: readonly string[];
  readonly sources: Readonly<Record<string, string>>;
}

export class EstimateError extends Error {}

const money = (n: number): number => Math.round(n * 10_000) / 10_000;

const DEFAULT_VARIABLES_TF = path.join(projectRoot, 'terraform', 'variables.tf');

/** the stack's variable defaults, from its variables.tf when there is one */
async function stackDefaults(path: string | undefined): Promise<Record<string, unknown>> {
  const file = path ?? DEFAULT_VARIABLES_TF;
  if (!path && !existsSync(file)) return {};
  return variableDefaults(file);
}

/** The resources the stack creates at its desired size, as the meter takes them (all created "now"). */
export function stackResources(vars: StackVars, support: 'standard' | 'extended', a: EstimateAssumptions, cheapestType: string): RunningResources {
  const nat = vars.nat_gateway_mode === 'single' ? 1 : 2; // the stack spans two zones
  const gb = a.volumeGb ?? 20;
  const capacity = vars.node_capacity_type === 'SPOT' ? 'spot' : 'on-demand';
  const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
  return {
    controlPlanes: [{ name: vars.name, support, createdAt: 0 }],
    nodes: range(vars.node_desired_size).map((i) => ({ name: `node-${i}`, instanceType: cheapestType, capacity, createdAt: 0 })),
    natGateways: range(nat).map((i) => ({ id: `nat-${i}`, createdAt: 0 })),
    // each NAT gateway holds an Elastic IP; nodes and the bastion have no public address
    publicIpv4: range(nat).map((i) => ({ id: `eip-${i}`, createdAt: 0 })),
    loadBalancers: range(a.loadBalancers ?? 0).map((i) => ({ name: `nlb-${i}`, type: 'network' as const, createdAt: 0 })),
    volumes: range(vars.node_desired_size + (vars.enable_bastion ? 1 : 0)).map((i) => ({ id: `vol-${i}`, gb, createdAt: 0 })),
  };
}

/**
 * The node type a managed node group runs: on-demand takes the first listed type (prioritized);
 * spot spreads over the listed types (price-capacity-optimized): priced at the cheapest.
 */
function nodeType(vars: StackVars, prices: PriceTable, spot: SpotPrices | undefined): string {
  const first = vars.node_instance_types[0]!;
  if (vars.node_capacity_type !== 'SPOT' || !spot) return first;
  const known = vars.node_instance_types.filter((t) => spot.perHour[t] !== undefined);
  return known.sort((x, y) => spot.perHour[x]! - spot.perHour[y]!)[0] ?? first;
}

/** A year: longer is a typo, and its figures would not fit the table's columns. */
export const MAX_HOURS = 8760;

/** The stack's variables the estimate prices: the tfvars and the flags over variables.tf's defaults. */
export async function estimateVars(input: Pick<EstimateInput, 'tfvarsPath' | 'vars' | 'variablesTfPath'>): Promise<StackVars> {
  try {
    const values = { ...(input.tfvarsPath ? await readTfvars(input.tfvarsPath) : {}), ...input.vars };
    return resolveStackVars(values, await stackDefaults(input.variablesTfPath));
  } catch (err) {
    if (err instanceof TfvarsError) throw new EstimateError(err.message);
    throw err;
  }
}

export async function estimate(input: EstimateInput): Promise<Estimate> {
  if (!Number.isFinite(input.hours) || input.hours <= 0) throw new EstimateError(`--hours must be a number above 0 (got ${input.hours})`);
  if (input.hours > MAX_HOURS) throw new EstimateError(`--hours must be at most ${MAX_HOURS} (a year; got ${input.hours})`);
  const vars = await estimateVars(input);
  const region = input.region ?? vars.region;
  if (!region) throw new EstimateError('no region: pass --region or set region in the tfvars');
  const prices = input.prices ?? priceTable(region);
  const a = input.assumptions ?? {};
  const { support, standardEnds } = supportOf(vars.kubernetes_version, input.now ?? Date.now());
  const type = nodeType(vars, prices, input.spot);
  const rate = ratePerHour(stackResources(vars, support, a, type), prices, input.spot);
  const lines: EstimateLine[] = rate.components.map((c) => ({ ...c, perHour: money(c.perHour), forDuration: money(c.perHour * input.hours) }));
  const nodes = lines.findIndex((l) => l.component === 'nodes');
  if (nodes >= 0) lines[nodes] = { ...lines[nodes]!, detail: `${lines[nodes]!.detail} (scales ${vars.node_min_size}-${vars.node_max_size})` };
  const extra = (component: Component, detail: string, perHour: number): void => {
    if (perHour > 0) lines.push({ component, detail, count: 1, perHour: money(perHour), forDuration: money(perHour * input.hours) });
  };
  if (vars.enable_bastion) {
    const p = prices.ec2.onDemandPerHour[vars.bastion_instance_type];
    if (p === undefined) throw new EstimateError(`no on-demand price for bastion_instance_type ${vars.bastion_instance_type} in ${region}`);
    lines.splice(nodes + 1, 0, { component: 'bastion', detail: `1 x ${vars.bastion_instance_type} on-demand`, count: 1, perHour: money(p), forDuration: money(p * input.hours) });
  }
  const natGb = a.natGbPerHour ?? 0;
  const logsGb = a.logsGbPerHour ?? 0.05;
  extra('nat-data', `${natGb} GB/h through the NAT at $${prices.nat.perGb}/GB`, natGb * prices.nat.perGb);
  extra('logs', `${logsGb} GB/h of container logs at $${prices.logs.ingestionPerGb}/GB`, logsGb * prices.logs.ingestionPerGb);
  const perHour = lines.reduce((s, l) => s + l.perHour, 0);
  const assumptions = [
    `${vars.node_desired_size} node(s) at the desired size for the whole run`,
    `Kubernetes ${vars.kubernetes_version}: ${support} support${standardEnds ? ` (standard ends ${standardEnds})` : ''}`,
    `NAT data ${natGb} GB/h (a target outside the VPC adds $${prices.nat.perGb}/GB sent and received)`,
    `container logs ${logsGb} GB/h`,
    `${a.volumeGb ?? 20} GB gp3 root volume per instance`,
    ...(vars.enable_karpenter ? [`Karpenter may add nodes up to ${vars.karpenter_cpu_limit} vCPUs on top of these`] : []),
    ...rate.notes,
  ];
  return {
    region,
    hours: input.hours,
    currency: 'USD',
    priceDate: prices.date,
    kubernetesVersion: vars.kubernetes_version,
    support,
    components: lines,
    perHour: money(perHour),
    forDuration: money(lines.reduce((s, l) => s + l.forDuration, 0)),
    assumptions,
    sources: prices.sources,
  };
}

/** The estimate as `ltop estimate` prints it without --json. */
export function formatEstimate(e: Estimate): string[] {
  const rate = (n: number): string => `$${n.toFixed(4)}`;
  const usd = (n: number): string => `$${n.toFixed(2)}`;
  const width = Math.max(...e.components.map((c) => c.detail.length), 6);
  return [
    `Estimate for ${e.region}, ${e.hours} h (prices of ${e.priceDate}, USD)`,
    `${'component'.padEnd(15)}${'detail'.padEnd(width + 2)}${'per hour'.padStart(10)}${`${e.hours} h`.padStart(11)}`,
    ...e.components.map((c) => `${c.component.padEnd(15)}${c.detail.padEnd(width + 2)}${rate(c.perHour).padStart(10)}${usd(c.forDuration).padStart(11)}`),
    `${'total'.padEnd(15)}${''.padEnd(width + 2)}${rate(e.perHour).padStart(10)}${usd(e.forDuration).padStart(11)}`,
    'Assumes:',
    ...e.assumptions.map((a) => `  - ${a}`),
  ];
}
