// The matrix Job (k8s/components/matrix-job) runs `ltop matrix` with flags written in YAML: each
// must be one `ltop matrix` takes, or the pod would end with a usage error on the first run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { parse } from 'yaml';
import { ltop, repoRoot } from '../support/cli.js';

it("the matrix Job's arguments are flags of ltop matrix (the built CLI's --help)", async () => {
  const job = parse(readFileSync(path.join(repoRoot, 'k8s', 'components', 'matrix-job', 'matrix-job.yaml'), 'utf8')) as { spec: { template: { spec: { containers: { args: string[] }[] } } } };
  const args = job.spec.template.spec.containers[0]!.args;
  assert.equal(args[0], 'matrix');
  const help = await ltop(['matrix', '--help']);
  assert.equal(help.exitCode, 0, help.stderr);
  const known = new Set([...help.stdout.matchAll(/--[a-z][a-z-]+/g)].map((match) => match[0]));
  const flags = args.slice(1).map((arg) => /^--[a-z][a-z-]+/.exec(arg)?.[0] ?? arg);
  assert.deepEqual(flags.filter((flag) => !known.has(flag)), []);
  assert.ok(flags.includes('--target-deployment') && flags.includes('--headless'));
});
