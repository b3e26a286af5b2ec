// The stack configuration an estimate prices: terraform.tfvars (HCL, parsed by @cdktf/hcl2json)
// over the stack's own variable defaults (terraform/variables.tf), so the estimate and
// `terraform apply` see the same values.

import { readFile } from 'node:fs/promises';
import { parse } from '@cdktf/hcl2json';

/** The variables of terraform/ that decide the bill (names as in variables.tf). */
export interface StackVars {
  readonly region?: string;
  readonly name: string;
  readonly kubernetes_version: string;
  readonly nat_gateway_mode: 'single' | 'one_per_az';
  readonly node_instance_types: readonly string[];
  readonly node_capacity_type: 'ON_DEMAND' | 'SPOT';
  readonly node_min_size: number;
  readonly node_desired_size: number;
  readonly node_max_size: number;
  readonly enable_karpenter: boolean;
  readonly karpenter_cpu_limit: number;
  readonly enable_bastion: boolean;
  readonly bastion_instance_type: string;
}

/**
 * The defaults of terraform/variables.tf on 2026-12-01, used only when that file cannot be read
 * (ltop installed without the stack): the file, when present, wins.
 */
export const FALLBACK_DEFAULTS: StackVars = {
  name: 'ltop',
  kubernetes_version: '1.35',
  nat_gateway_mode: 'single',
  node_instance_types: ['c6i.large', 'c5.large', 'm6i.large'],
  node_capacity_type: 'ON_DEMAND',
  node_min_size: 1,
  node_desired_size: 2,
  node_max_size: 4,
  enable_karpenter: false,
  karpenter_cpu_limit: 32,
  enable_bastion: false,
  bastion_instance_type: 't3.small',
};

export class TfvarsError extends Error {}

async function parseHcl(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new TfvarsError(`${path} does not exist: give --var-file the path of your .tfvars (to start one: cp terraform/terraform.tfvars.example terraform/terraform.tfvars)`);
    throw new TfvarsError(`cannot read ${path}: ${code ?? (err as Error).message}`);
  }
  try {
    return (await parse(path, text)) as Record<string, unknown>;
  } catch (err) {
    throw new TfvarsError(`${path} is not valid HCL: ${String((err as Error).message ?? err).split('\n')[0]}`);
  }
}

/** name -> default, from a variables.tf */
export async function variableDefaults(variablesTf: string): Promise<Record<string, unknown>> {
  const doc = await parseHcl(variablesTf);
  const variables = (doc.variable ?? {}) as Record<string, Array<{ default?: unknown }>>;
  const out: Record<string, unknown> = {};
  for (const [name, blocks] of Object.entries(variables)) if (blocks[0] && 'default' in blocks[0]) out[name] = blocks[0].default;
  return out;
}

export async function readTfvars(path: string): Promise<Record<string, unknown>> {
  return parseHcl(path);
}

const str = (v: unknown, name: string): string => {
  if (typeof v !== 'string' || v === '') throw new TfvarsError(`${name} must be a string`);
  return v;
};
const num = (v: unknown, name: string): number => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new TfvarsError(`${name} must be a number >= 0`);
  return v;
};
const bool = (v: unknown, name: string): boolean => {
  if (typeof v !== 'boolean') throw new TfvarsError(`${name} must be true or false`);
  return v;
};

/** Values over defaults, checked the way variables.tf validates what the bill depends on. */
export function resolveStackVars(values: Record<string, unknown>, defaults: Record<string, unknown>): StackVars {
  const v = { ...FALLBACK_DEFAULTS, ...defaults, ...values } as Record<string, unknown>;
  const types = v.node_instance_types;
  if (!Array.isArray(types) || types.length === 0 || !types.every((t) => typeof t === 'string')) throw new TfvarsError('node_instance_types must list at least one instance type');
  const mode = str(v.nat_gateway_mode, 'nat_gateway_mode');
  if (mode !== 'single' && mode !== 'one_per_az') throw new TfvarsError('nat_gateway_mode must be single or one_per_az');
  const capacity = str(v.node_capacity_type, 'node_capacity_type');
  if (capacity !== 'ON_DEMAND' && capacity !== 'SPOT') throw new TfvarsError('node_capacity_type must be ON_DEMAND or SPOT');
  const vars: StackVars = {
    ...(typeof v.region === 'string' ? { region: v.region } : {}),
    name: str(v.name, 'name'),
    kubernetes_version: str(v.kubernetes_version, 'kubernetes_version'),
    nat_gateway_mode: mode,
    node_instance_types: types as string[],
    node_capacity_type: capacity,
    node_min_size: num(v.node_min_size, 'node_min_size'),
    node_desired_size: num(v.node_desired_size, 'node_desired_size'),
    node_max_size: num(v.node_max_size, 'node_max_size'),
    enable_karpenter: bool(v.enable_karpenter, 'enable_karpenter'),
    karpenter_cpu_limit: num(v.karpenter_cpu_limit, 'karpenter_cpu_limit'),
    enable_bastion: bool(v.enable_bastion, 'enable_bastion'),
    bastion_instance_type: str(v.bastion_instance_type, 'bastion_instance_type'),
  };
  if (vars.node_min_size > vars.node_desired_size || vars.node_desired_size > vars.node_max_size) {
    throw new TfvarsError('node sizes must satisfy node_min_size <= node_desired_size <= node_max_size');
  }
  return vars;
}
