// The AWS stack in terraform/, parsed from HCL (every .tf file merged into one tree), and
// the input names of the module versions it pins (recorded from their sources).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const stackDir = path.join(repoRoot, 'terraform');

// hcl2json gives each file as { blockType: { label: { label: [body] } } } or, for
// unlabelled blocks (terraform, locals), { blockType: [body] }.
// The bodies are untyped HCL: tests index them freely and assert on what they find.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Block = any;
export interface Stack {
  terraform: Block[];
  locals: Record<string, any>;
  variable: Record<string, Block>;
  output: Record<string, Block>;
  module: Record<string, Block>;
  provider: Record<string, Block>;
  resource: Record<string, Block>;
  data: Record<string, Block>;
}

export async function loadStack(dir = stackDir): Promise<Stack> {
  const stack: Stack = { terraform: [], locals: {}, variable: {}, output: {}, module: {}, provider: {}, resource: {}, data: {} };
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.tf')).sort()) {
    const tree = await parse(file, readFileSync(path.join(dir, file), 'utf8'));
    stack.terraform.push(...(tree.terraform ?? []));
    for (const body of tree.locals ?? []) Object.assign(stack.locals, body);
    for (const kind of ['variable', 'output', 'module', 'provider'] as const) {
      for (const [name, bodies] of Object.entries<Block[]>(tree[kind] ?? {})) stack[kind][name] = bodies[0];
    }
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries<Record<string, Block[]>>(tree[kind] ?? {})) {
        for (const [name, bodies] of Object.entries(byName)) (stack[kind][type] ??= {})[name] = bodies[0];
      }
    }
  }
  return stack;
}

export interface ModuleInputs {
  repository: string;
  path: string;
  tag: string;
  commit: string;
  variables: string[];
  objectAttributes: { eks_managed_node_groups: string[]; addons: string[] } & Record<string, string[]>;
  outputs: string[];
}

/** Every `module.NAME.OUTPUT` the stack's .tf files refer to. */
export function moduleReferences(dir = stackDir): { module: string; output: string; file: string }[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.tf'))
    .flatMap((file) => [...readFileSync(path.join(dir, file), 'utf8').matchAll(/\bmodule\.([a-z_0-9]+)\.([a-z_0-9]+)/g)].map((match) => ({ module: match[1]!, output: match[2]!, file })));
}

export function moduleInputs(file: 'eks' | 'vpc' | 'eks-karpenter' | 'eks-pod-identity'): ModuleInputs {
  return JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/terraform-modules', `${file}.json`), 'utf8'));
}

// Arguments every module block may have that are not inputs of the module.
export const moduleMetaArguments = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);
