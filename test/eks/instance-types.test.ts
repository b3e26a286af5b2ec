// An instance type the region does not offer is found before Terraform runs, from EC2's own
// offerings (moto serves AWS's published per-region lists): a usage error naming the types and
// the variable to change, with the command that lists what the region has.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { EC2Client } from '@aws-sdk/client-ec2';
import { unofferedInstanceTypes } from '../../src/aws/instance-types.js';
import type { InfraCommandIo } from '../../src/cli/commands/infra-io.js';
import { upCommand } from '../../src/cli/commands/up.js';
import { createEksPlatform } from '../../src/platforms/eks/index.js';
import type { InfraProgress } from '../../src/platforms/platform.js';
import { repoRoot } from '../support/cli.js';
import { motoForTests } from '../support/moto.js';

const REGION = 'eu-central-1';

describe('instance types the region offers (moto EC2)', () => {
  const moto = motoForTests();
  let stackDir: string;
  let varFile: string;

  before(() => {
    stackDir = mkdtempSync(path.join(tmpdir(), 'ltop-eks-types-'));
    cpSync(path.join(repoRoot, 'test', 'eks', 'fixtures', 'stack'), stackDir, { recursive: true });
    varFile = path.join(stackDir, 'types.tfvars');
    writeFileSync(varFile, `region = "${REGION}"\nname = "ltop-types"\nendpoint_public_access_cidrs = ["203.0.113.7/32"]\nnode_instance_types = ["c6i.large", "p5.48xlarge", "c6i.larg"]\n`);
  });

  it('EC2 says which of the asked types the region lacks, in the order asked', async () => {
    const ec2 = new EC2Client({ region: REGION });
    try {
      assert.deepEqual(await unofferedInstanceTypes(ec2, ['c6i.large', 'p5.48xlarge', 'c6i.larg', 'm6i.large']), ['p5.48xlarge', 'c6i.larg']);
    } finally {
      ec2.destroy();
    }
  });

  it('provision stops before terraform init, naming the types, the variable and the command that lists them', async () => {
    const progress: InfraProgress[] = [];
    const platform = createEksPlatform({ stackDir, varFile, env: { ...process.env, ...moto().env } }, () => undefined);
    await assert.rejects(platform.infra.provision((p) => progress.push(p)), /^InstanceTypeError: p5\.48xlarge, c6i\.larg are not offered in eu-central-1: set node_instance_types in the var file .*describe-instance-type-offerings --region eu-central-1/);
    assert.ok(!progress.some((p) => p.subject === 'init'), 'terraform never ran');
    assert.ok(!existsSync(path.join(stackDir, '.terraform')));
    assert.equal(progress.at(-1)?.run?.failure?.nextStep, 'fix the var file, then press R to retry');
  });

  it('ltop up: exit 2 with one line', async () => {
    const errors: string[] = [];
    const io: InfraCommandIo = { interactive: false, line: () => undefined, error: (text) => void errors.push(text), onInterrupt: () => () => undefined };
    assert.equal(await upCommand({ stackDir, varFile, env: { ...process.env, ...moto().env }, yes: true, scenario: { kind: 'bundled', name: 'jsonplaceholder' } }, io), 2);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0]!, /^ltop up: p5\.48xlarge, c6i\.larg are not offered in eu-central-1/);
  });
});
