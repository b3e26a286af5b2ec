// The EKS API allow-list when the user gives none: ltop asks a what-is-my-IP service (here a
// loopback double answering as checkip.amazonaws.com does: the address and a newline), shows the
// /32 in the deploy question and hands it to the real terraform (the fixture stack echoes it as an
// output). A lookup that fails stops `ltop up` with one line naming --api-cidr, before anything.
// And an instance type the region does not offer (moto serves AWS's per-region offerings) is a
// usage error naming the variable and the command that lists the region's types, found before
// Terraform runs.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { InfraCommandIo } from '../../src/cli/commands/infra-io.js';
import { upCommand } from '../../src/cli/commands/up.js';
import { createEksPlatform, EksStack } from '../../src/platforms/eks/index.js';
import { EC2Client } from '@aws-sdk/client-ec2';
import { unofferedInstanceTypes } from '../../src/aws/instance-types.js';
import { callerCidr, givenPublicAccess, lookUpCallerCidr, parseApiCidr, PublicAccessError } from '../../src/platforms/eks/public-access.js';
import type { InfraProgress } from '../../src/platforms/platform.js';
import { ltop, repoRoot } from '../support/cli.js';
import { motoForTests } from '../support/moto.js';
import { recordingIo } from './recording-io.js';

const FIXTURES = path.join(repoRoot, 'test', 'eks', 'fixtures');
const REGION = 'eu-central-1';

/** checkip.amazonaws.com's answer is the caller's address and a newline, as text/plain. */
async function myIpDouble(answer: { status: number; body: string }): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits++;
    res.writeHead(answer.status, { 'content-type': 'text/plain;charset=UTF-8' }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, hits: () => hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const io = (answer = 'n') => recordingIo(answer);

describe('the caller\'s IP as the API allow-list', () => {
  it('an address becomes one host: /32 for IPv4, /128 for IPv6; anything else names --api-cidr', () => {
    assert.equal(callerCidr('203.0.113.7\n', 'u'), '203.0.113.7/32');
    assert.equal(callerCidr('2001:db8::7', 'u'), '2001:db8::7/128');
    assert.throws(() => callerCidr('<html>captive portal</html>', 'http://x'), (error: Error) => error instanceof PublicAccessError && /http:\/\/x did not answer an IP address.*pass --api-cidr/.test(error.message));
  });

  it('what the user gave wins, in Terraform\'s order: --api-cidr, the var file, TF_VAR_', () => {
    const tfvars = { endpoint_public_access_cidrs: ['198.51.100.0/24'] };
    const env = { TF_VAR_endpoint_public_access_cidrs: '["192.0.2.9/32"]' };
    assert.deepEqual(givenPublicAccess({ tfvars, env, flagCidrs: ['10.1.2.3/32'] })?.cidrs, ['10.1.2.3/32']);
    assert.deepEqual(givenPublicAccess({ tfvars, env }), { cidrs: ['198.51.100.0/24'], source: 'the var file', derived: false });
    assert.deepEqual(givenPublicAccess({ tfvars: {}, env })?.cidrs, ['192.0.2.9/32']);
    assert.equal(givenPublicAccess({ tfvars: {}, env: {} }), undefined);
  });

  it('--api-cidr refuses what Terraform\'s validation refuses, the whole internet first', () => {
    assert.equal(parseApiCidr('203.0.113.0/24'), '203.0.113.0/24');
    assert.throws(() => parseApiCidr('0.0.0.0/0'), /whole internet/);
    assert.throws(() => parseApiCidr('203.0.113.7'), /must be a CIDR/);
    assert.throws(() => parseApiCidr('203.0.113.7/33'), /must be a CIDR/);
  });

  it('the lookup: the double\'s answer, an error status, and nothing listening, each in one line', async () => {
    const good = await myIpDouble({ status: 200, body: '203.0.113.7\n' });
    const bad = await myIpDouble({ status: 503, body: 'busy' });
    try {
      assert.equal(await lookUpCallerCidr(good.url), '203.0.113.7/32');
      await assert.rejects(lookUpCallerCidr(bad.url), /answered 503\): pass --api-cidr YOUR\.IP\/32 \(or set endpoint_public_access_cidrs in the var file\)$/);
    } finally {
      await good.close();
      await bad.close();
    }
    await assert.rejects(lookUpCallerCidr(bad.url), /cannot find your public IP .*ECONNREFUSED\): pass --api-cidr/);
  });

  it('the CLI refuses --api-cidr 0.0.0.0/0 as a usage error (exit 2, one line)', async () => {
    const result = await ltop(['up', '--api-cidr', '0.0.0.0/0', '--yes']);
    assert.equal(result.exitCode, 2, result.stderr);
    assert.match(result.stderr.trim(), /^ltop: .*--api-cidr 0\.0\.0\.0\/0 would open the EKS API to the whole internet/);
  });

  it('the CLI refuses a CIDR with host bits set and names both readings (exit 2, one line)', async () => {
    const result = await ltop(['up', '--platform', 'eks', '--api-cidr', '10.1.2.3/8', '--yes']);
    assert.equal(result.exitCode, 2, result.stderr);
    assert.equal(result.stderr.trim(), 'ltop: --api-cidr 10.1.2.3/8 has host bits set: give 10.0.0.0/8 for the network, or 10.1.2.3/32 for this address alone');
    assert.equal(parseApiCidr('2001:DB8::/32'), '2001:DB8::/32', 'any spelling of a network address is one');
    assert.throws(() => parseApiCidr('2001:db8:abcd:12::5/60'), /give 2001:db8:abcd:10::\/60 for the network, or 2001:db8:abcd:12::5\/128/);
    assert.equal(parseApiCidr('192.168.1.128/25'), '192.168.1.128/25');
  });
});

const moto = motoForTests();

describe('ltop up and the platform with no allow-list in the var file (real terraform on the fixture stack, moto)', () => {
  let stackDir: string;
  let varFile: string;
  let ip: Awaited<ReturnType<typeof myIpDouble>>;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    ip = await myIpDouble({ status: 200, body: '203.0.113.7\n' });
    stackDir = mkdtempSync(path.join(tmpdir(), 'ltop-eks-access-'));
    cpSync(path.join(FIXTURES, 'stack'), stackDir, { recursive: true });
    varFile = path.join(stackDir, 'no-cidrs.tfvars');
    writeFileSync(varFile, 'region = "eu-central-1"\nname = "ltop-access"\n');
    env = { ...process.env, ...moto().env, LTOP_MY_IP_URL: ip.url, TF_VAR_ltop_node: process.execPath, TF_VAR_moto_script: path.join(FIXTURES, 'moto-cluster.mjs') };
  });
  after(() => ip?.close());

  it('the deploy question comes after the allow-list line; declined, nothing is created', async () => {
    const out = io('n');
    const code = await upCommand({ stackDir, varFile, env, scenario: { kind: 'bundled', name: 'jsonplaceholder' } }, out);
    assert.equal(code, 1, out.all.join('\n'));
    const access = out.all.indexOf(`EKS API endpoint open to 203.0.113.7/32 (your public IP from ${ip.url})`);
    const question = out.all.findIndex((line) => line.startsWith('? Create this stack'));
    assert.ok(access >= 0 && access < question, out.all.join('\n'));
    assert.ok(!out.all.some((line) => line.startsWith('provision')), 'nothing ran');
  });

  it('a lookup that fails: exit 2 with one line naming --api-cidr, before any question or Terraform', async () => {
    const down = await myIpDouble({ status: 503, body: '' });
    await down.close();
    const out = io('y');
    const code = await upCommand({ stackDir, varFile, env: { ...env, LTOP_MY_IP_URL: down.url }, scenario: { kind: 'bundled', name: 'jsonplaceholder' } }, out);
    assert.equal(code, 2, out.all.join('\n'));
    assert.deepEqual(out.errors.length, 1, out.errors.join('\n'));
    assert.match(out.errors[0]!, /^ltop up: cannot find your public IP for the EKS API allow-list \(.*ECONNREFUSED\): pass --api-cidr/);
    assert.deepEqual(out.questions, []);
  });

  it('provision passes the /32 to Terraform (looked up once); destroy needs no lookup', async () => {
    const progress: InfraProgress[] = [];
    const noCluster = async (): Promise<never> => {
      throw new Error('no Kubernetes in this test');
    };
    const platform = createEksPlatform({ stackDir, varFile, env, connect: noCluster, orphanSettleMs: 2_000 }, () => undefined);
    const before = ip.hits();
    assert.deepEqual(await platform.infra.terms!(), { line: `EKS API endpoint open to 203.0.113.7/32 (your public IP from ${ip.url})`, short: 'API from 203.0.113.7/32' });
    await platform.infra.provision((p) => progress.push(p));
    assert.equal(ip.hits() - before, 1, 'the question and the apply use one lookup');
    assert.ok(progress.some((p) => p.subject === 'access' && p.message.includes('203.0.113.7/32')));
    const outputs = await (await new EksStack(stackDir, undefined, env).terraform()).output();
    assert.deepEqual(outputs['endpoint_public_access_cidrs']?.value, ['203.0.113.7/32']);

    await ip.close(); // the destroy must not depend on the service
    const destroyed: InfraProgress[] = [];
    await createEksPlatform({ stackDir, varFile, env, connect: noCluster, orphanSettleMs: 2_000 }, () => undefined).infra.destroy((p) => destroyed.push(p));
    assert.match(destroyed.at(-1)?.message ?? '', /^nothing left in AWS for stack ltop-access/);
  });
});

describe('instance types the region offers (moto EC2, before Terraform runs)', () => {
  let stackDir: string;
  let varFile: string;

  before(() => {
    stackDir = mkdtempSync(path.join(tmpdir(), 'ltop-eks-types-'));
    cpSync(path.join(FIXTURES, 'stack'), stackDir, { recursive: true });
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

  it('R after fixing the var file sees the fix (each run reads it again), and a missing terraform is found again too', async () => {
    const env = { ...process.env, ...moto().env, LTOP_TERRAFORM: '/nonexistent/terraform' };
    const fixable = path.join(stackDir, 'fixable.tfvars');
    writeFileSync(fixable, `region = "${REGION}"\nname = "ltop-types"\nendpoint_public_access_cidrs = ["203.0.113.7/32"]\nnode_instance_types = ["p5.48xlarge"]\n`);
    const platform = createEksPlatform({ stackDir, varFile: fixable, env }, () => undefined);
    await assert.rejects(platform.infra.provision(() => undefined), /p5\.48xlarge is not offered/);
    writeFileSync(fixable, `region = "${REGION}"\nname = "ltop-types"\nendpoint_public_access_cidrs = ["203.0.113.7/32"]\nnode_instance_types = ["c6i.large"]\n`);
    const progress: InfraProgress[] = [];
    await assert.rejects(platform.infra.provision((p) => progress.push(p)), /terraform/i);
    assert.ok(progress.some((p) => p.message === 'instance types offered in eu-central-1: c6i.large'), progress.map((p) => p.message).join('\n'));
    assert.match(progress.at(-1)?.run?.failure?.nextStep ?? '', /^install terraform or tofu .*press R to retry$/);
  });

  it('credentials that do not resolve: the run ends failed with the login step and the retry key, before Terraform', async () => {
    const progress: InfraProgress[] = [];
    const platform = createEksPlatform({ stackDir, varFile, profile: 'ltop-no-such-profile', env: { ...process.env, ...moto().env } }, () => undefined);
    await assert.rejects(platform.infra.provision((p) => progress.push(p)), /^AwsCredentialsError: no AWS credentials/);
    const run = progress.at(-1)?.run;
    assert.equal(run?.outcome, 'failed');
    assert.match(run?.failure?.nextStep ?? '', /^profile ltop-no-such-profile gives no credentials: .*, then press R to retry$/);
    assert.ok(!progress.some((p) => p.subject === 'init'));
  });

  it('ltop up: exit 2 with one line', async () => {
    const errors: string[] = [];
    const io: InfraCommandIo = { interactive: false, line: () => undefined, error: (text) => void errors.push(text), onInterrupt: () => () => undefined };
    assert.equal(await upCommand({ stackDir, varFile, env: { ...process.env, ...moto().env }, yes: true, scenario: { kind: 'bundled', name: 'jsonplaceholder' } }, io), 2);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0]!, /^ltop up: p5\.48xlarge, c6i\.larg are not offered in eu-central-1/);
  });
});
