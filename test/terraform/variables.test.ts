// The stack's variable validations run by the real Terraform: variables.tf alone needs no
// provider, so `init` and `plan` work offline and evaluate every validation rule.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { stackDir } from './stack-hcl.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ltop-tfvars-'));
const valid = { region: 'eu-central-1', owner: 'sre@example.com', endpoint_public_access_cidrs: '["203.0.113.7/32"]' };

async function plan(overrides: Record<string, string | undefined>) {
  const vars = { ...valid, ...overrides };
  const args = Object.entries(vars).flatMap(([name, value]) => (value === undefined ? [] : ['-var', `${name}=${value}`]));
  const result = await execa('terraform', ['plan', '-input=false', '-no-color', ...args], { cwd: dir, reject: false });
  return { exitCode: result.exitCode, output: `${result.stdout}\n${result.stderr}`.replace(/\s+/g, ' ') };
}

describe('stack variables, validated by terraform plan', () => {
  before(async () => {
    copyFileSync(path.join(stackDir, 'variables.tf'), path.join(dir, 'variables.tf'));
    await execa('terraform', ['init', '-input=false', '-no-color'], { cwd: dir });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts the documented example values', async () => {
    const result = await plan({});
    assert.equal(result.exitCode, 0, result.output);
  });

  const rejected: [string, Record<string, string | undefined>, RegExp][] = [
    ['no API CIDR at all', { endpoint_public_access_cidrs: undefined }, /"endpoint_public_access_cidrs" is not set, and has no default value/],
    ['an API open to the internet', { endpoint_public_access_cidrs: '["0.0.0.0/0"]' }, /must not open the API to the whole internet/],
    ['an IPv6 API open to the internet', { endpoint_public_access_cidrs: '["::/0"]' }, /must not open the API to the whole internet/],
    ['an empty API CIDR list', { endpoint_public_access_cidrs: '[]' }, /must list at least one valid CIDR/],
    ['a CIDR that is not one', { endpoint_public_access_cidrs: '["203.0.113.7"]' }, /must list at least one valid CIDR/],
    ['an unknown capacity type', { node_capacity_type: 'RESERVED' }, /node_capacity_type must be ON_DEMAND or SPOT/],
    ['an unknown NAT mode', { nat_gateway_mode: 'none' }, /nat_gateway_mode must be single or one_per_az/],
    ['a retention CloudWatch refuses', { log_retention_days: '10' }, /log_retention_days must be a value CloudWatch Logs accepts/],
    ['no instance types', { node_instance_types: '[]' }, /node_instance_types must list 1-20 EC2 instance types/],
    ['a malformed region', { region: 'Frankfurt' }, /region must look like eu-central-1/],
    ['a cluster name EKS would refuse', { name: 'My_Cluster' }, /name must be 3-24 characters/],
    ['a VPC too small for load balancer subnets', { vpc_cidr: '10.0.0.0/24' }, /vpc_cidr must be an IPv4 CIDR with a prefix between \/16 and \/19/],
    ['no owner tag', { owner: '  ' }, /owner must be a non-empty tag value/],
    ['an admin that is not an IAM ARN', { admin_principal_arns: '["alice"]' }, /admin_principal_arns must be IAM role or user ARNs/],
  ];
  for (const [what, overrides, message] of rejected) {
    it(`refuses ${what}`, async () => {
      const result = await plan(overrides);
      assert.equal(result.exitCode, 1, result.output);
      assert.match(result.output, message);
    });
  }
});
