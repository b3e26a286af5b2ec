// ltop estimate against figures computed by hand, for several stacks, regions and durations,
// and its --json document checked whole.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EstimateError, estimate, formatEstimate } from '../../src/cost/estimate.js';

const fixture = (name: string): string => new URL(`../fixtures/cost/${name}`, import.meta.url).pathname;
const NOW = Date.parse('2026-12-01T10:00:00Z');
const rows = (e: Awaited<ReturnType<typeof estimate>>): Array<[string, string, number, number]> => e.components.map((c) => [c.component, c.detail, c.perHour, c.forDuration]);

describe('ltop estimate', () => {
  it('the example tfvars in eu-central-1 for 8 h: the whole --json document', async () => {
    const e = await estimate({ tfvarsPath: fixture('eu-central-1.tfvars'), hours: 8, now: NOW });
    const json = JSON.parse(JSON.stringify(e));
    assert.deepEqual({ ...json, sources: undefined }, {
      region: 'eu-central-1',
      hours: 8,
      currency: 'USD',
      priceDate: '2026-12-01',
      kubernetesVersion: '1.35',
      support: 'standard',
      components: [
        { component: 'control-plane', detail: 'EKS control plane (standard support)', count: 1, perHour: 0.1, forDuration: 0.8 },
        { component: 'nodes', detail: '2 x c6i.large on-demand (scales 1-4)', count: 2, perHour: 0.194, forDuration: 1.552 },
        { component: 'nat-gateways', detail: '1 x NAT gateway', count: 1, perHour: 0.052, forDuration: 0.416 },
        { component: 'public-ipv4', detail: '1 x public IPv4', count: 1, perHour: 0.005, forDuration: 0.04 },
        // 40 GB x $0.0952 per GB-month / 730 h
        { component: 'ebs', detail: '40 GB gp3 in 2 volumes', count: 2, perHour: 0.0052, forDuration: 0.0417 },
        { component: 'logs', detail: '0.05 GB/h of container logs at $0.63/GB', count: 1, perHour: 0.0315, forDuration: 0.252 },
      ],
      perHour: 0.3877,
      forDuration: 3.1017,
      assumptions: [
        '2 node(s) at the desired size for the whole run',
        'Kubernetes 1.35: standard support (standard ends 2027-03-27)',
        'NAT data 0 GB/h (a target outside the VPC adds $0.052/GB sent and received)',
        'container logs 0.05 GB/h',
        '20 GB gp3 root volume per instance',
      ],
      sources: undefined,
    });
    assert.equal(json.sources.eks, 'https://aws.amazon.com/eks/pricing/');
  });

  it('a spot stack in us-east-1 for 24 h: the cheapest live spot type, two NATs, a bastion', async () => {
    const spot = { perHour: { 'm5.large': 0.0352, 'c5.large': 0.0331 }, at: NOW };
    const e = await estimate({ tfvarsPath: fixture('us-east-1-spot.tfvars'), hours: 24, spot, now: NOW });
    assert.deepEqual(rows(e), [
      ['control-plane', 'EKS control plane (standard support)', 0.1, 2.4],
      ['nodes', '3 x c5.large spot (scales 2-10)', 0.0993, 2.3832],
      ['bastion', '1 x t3.small on-demand', 0.0208, 0.4992],
      ['nat-gateways', '2 x NAT gateway', 0.09, 2.16],
      ['public-ipv4', '2 x public IPv4', 0.01, 0.24],
      ['ebs', '80 GB gp3 in 4 volumes', 0.0088, 0.2104],
      ['logs', '0.05 GB/h of container logs at $0.5/GB', 0.025, 0.6],
    ]);
    assert.equal(e.perHour, 0.3539);
    assert.equal(e.forDuration, 8.4928);
    assert.ok(e.assumptions.includes('Karpenter may add nodes up to 32 vCPUs on top of these'));
  });

  it('--region over the tfvars, an old version on extended support, NAT data, an NLB, 2 h', async () => {
    const e = await estimate({ tfvarsPath: fixture('eu-central-1.tfvars'), region: 'us-west-2', vars: { kubernetes_version: '1.32' }, hours: 2, now: NOW, assumptions: { natGbPerHour: 2, loadBalancers: 1 } });
    assert.equal(e.region, 'us-west-2');
    assert.equal(e.support, 'extended');
    assert.deepEqual(rows(e), [
      ['control-plane', 'EKS control plane (extended support)', 0.6, 1.2],
      ['nodes', '2 x c6i.large on-demand (scales 1-4)', 0.17, 0.34],
      ['nat-gateways', '1 x NAT gateway', 0.045, 0.09],
      ['public-ipv4', '1 x public IPv4', 0.005, 0.01],
      ['load-balancers', '1 x NLB', 0.0225, 0.045],
      ['ebs', '40 GB gp3 in 2 volumes', 0.0044, 0.0088],
      ['nat-data', '2 GB/h through the NAT at $0.045/GB', 0.09, 0.18],
      ['logs', '0.05 GB/h of container logs at $0.5/GB', 0.025, 0.05],
    ]);
    assert.equal(e.perHour, 0.9619);
    assert.equal(e.forDuration, 1.9238);
    assert.match(formatEstimate(e).join('\n'), /^total\s+\$0\.9619\s+\$1\.92$/m);
  });

  it("takes the stack's own variable defaults from its variables.tf", async () => {
    const e = await estimate({ vars: { region: 'eu-west-1' }, variablesTfPath: fixture('variables.tf'), hours: 10, now: NOW });
    assert.deepEqual(rows(e).slice(0, 2), [
      ['control-plane', 'EKS control plane (standard support)', 0.1, 1],
      ['nodes', '3 x t3.large on-demand (scales 1-6)', 0.2736, 2.736],
    ]);
    assert.equal(e.perHour, 0.4623);
  });

  it('bad input is one line naming what to fix', async () => {
    const fails = async (input: Parameters<typeof estimate>[0], re: RegExp): Promise<void> => {
      await assert.rejects(estimate(input), (err: Error) => err instanceof EstimateError && re.test(err.message) && !err.message.includes('\n'));
    };
    await fails({ tfvarsPath: fixture('broken.tfvars'), hours: 1 }, /broken\.tfvars is not valid HCL/);
    await fails({ tfvarsPath: fixture('nope.tfvars'), hours: 1 }, /nope\.tfvars does not exist: give --var-file the path of your .tfvars/);
    await fails({ vars: {}, variablesTfPath: fixture('variables.tf'), hours: 1 }, /no region: pass --region or set region in the tfvars/);
    await fails({ tfvarsPath: fixture('eu-central-1.tfvars'), hours: 0 }, /--hours must be a number above 0/);
    await fails({ tfvarsPath: fixture('eu-central-1.tfvars'), vars: { node_desired_size: 9 }, hours: 1 }, /node_min_size <= node_desired_size <= node_max_size/);
    await fails({ tfvarsPath: fixture('eu-central-1.tfvars'), vars: { nat_gateway_mode: 'none' }, hours: 1 }, /nat_gateway_mode must be single or one_per_az/);
    await assert.rejects(estimate({ tfvarsPath: fixture('eu-central-1.tfvars'), region: 'ap-south-2', hours: 1 }), /no price table for region ap-south-2/);
  });
});

describe('runEstimate (ltop estimate)', () => {
  it('prints the table, or the JSON document with --json; bad input is one line and exit 2', async () => {
    const { runEstimate } = await import('../../src/cost/run-estimate.js');
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
    assert.equal(await runEstimate({ tfvarsPath: fixture('eu-central-1.tfvars'), hours: 8, now: NOW }, io), 0);
    assert.match(out[0]!, /^Estimate for eu-central-1, 8 h \(prices of 2026-12-01, USD\)\n/);
    assert.match(out[0]!, /^total\s+\$0\.3877\s+\$3\.10$/m);
    assert.equal(await runEstimate({ tfvarsPath: fixture('eu-central-1.tfvars'), hours: 8, now: NOW, json: true }, io), 0);
    assert.equal(JSON.parse(out[1]!).forDuration, 3.1017);
    assert.equal(await runEstimate({ tfvarsPath: fixture('eu-central-1.tfvars'), region: 'ap-south-2', hours: 1 }, io), 2);
    assert.equal(await runEstimate({ tfvarsPath: fixture('broken.tfvars'), hours: 1 }, io), 2);
    assert.equal(err.length, 2);
    assert.ok(err.every((l) => l.startsWith('ltop: ') && !l.includes('\n')));
  });
});
