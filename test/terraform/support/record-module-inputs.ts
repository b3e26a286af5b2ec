// Records the input (and output) names of the pinned module versions into test/fixtures/terraform-modules/
// (what stack.test.ts checks the stack's inputs against). Run it after bumping a module pin,
// with git clones checked out at the new tags:
//   node --import tsx test/terraform/support/record-module-inputs.ts EKS_REPO VPC_REPO POD_IDENTITY_REPO
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { repoRoot } from '../stack-hcl.js';

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });

/** Top-level attribute names of the object in a variable's type, e.g. map(object({ a = .., b = .. })). */
function objectKeys(block: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let lineDepth = 0;
  let line = '';
  for (const ch of block.slice(block.indexOf('object({') + 'object('.length)) {
    if ('{(['.includes(ch)) depth++;
    if ('})]'.includes(ch) && --depth === 0) break;
    if (ch !== '\n') {
      line += ch;
      continue;
    }
    const key = lineDepth === 1 ? /^\s*([a-z_0-9]+)\s*=/.exec(line)?.[1] : undefined;
    if (key) keys.push(key);
    line = '';
    lineDepth = depth;
  }
  return keys;
}

async function record(repository: string, dir: string, file: string, variablesPath: string, objects: string[]): Promise<void> {
  const text = git(dir, 'show', `HEAD:${variablesPath}`);
  const parsed = await parse(variablesPath, text);
  const outputsPath = variablesPath.replace(/variables\.tf$/, 'outputs.tf');
  const outputs = Object.keys((await parse(outputsPath, git(dir, 'show', `HEAD:${outputsPath}`)))['output']).sort();
  const objectAttributes = Object.fromEntries(
    objects.map((name) => [name, objectKeys(new RegExp(`variable "${name}" \\{[\\s\\S]*?\\n\\}`).exec(text)![0]).sort()]),
  );
  const recorded = {
    repository: `github.com/terraform-aws-modules/${repository}`,
    path: variablesPath,
    tag: git(dir, 'describe', '--tags', '--exact-match', 'HEAD').trim(),
    commit: git(dir, 'rev-parse', 'HEAD').trim(),
    recorded: `git show HEAD:${variablesPath} of the fetched mirror`,
    variables: Object.keys(parsed['variable']).sort(),
    objectAttributes,
    outputs,
  };
  writeFileSync(path.join(repoRoot, 'test/fixtures/terraform-modules', file), `${JSON.stringify(recorded, null, 2)}\n`);
}

const [eks, vpc, podIdentity] = process.argv.slice(2);
if (!eks || !vpc || !podIdentity) {
  console.error('usage: record-module-inputs.ts EKS_REPO VPC_REPO POD_IDENTITY_REPO');
  process.exit(2);
}
await record('terraform-aws-eks', eks, 'eks.json', 'variables.tf', ['eks_managed_node_groups', 'addons', 'access_entries', 'security_group_additional_rules']);
await record('terraform-aws-eks', eks, 'eks-karpenter.json', 'modules/karpenter/variables.tf', []);
await record('terraform-aws-vpc', vpc, 'vpc.json', 'variables.tf', []);
await record('terraform-aws-eks-pod-identity', podIdentity, 'eks-pod-identity.json', 'variables.tf', []);
