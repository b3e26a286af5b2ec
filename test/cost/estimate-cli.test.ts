// `ltop estimate` as a user runs it (the built CLI): the region from AWS_REGION when neither
// --region nor the tfvars say, region-shaped --region, bounded --hours, a missing --var-file
// with its next step, and --refresh-prices against a Price List API double on loopback (the
// recorded GetProducts pages of test/fixtures/cost, moto has no Pricing API), cached with its date.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ltop, repoRoot } from '../support/cli.js';

const recorded = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'cost', 'pricelist-ec2-eu-central-1.json'), 'utf8')) as { pages: Array<{ NextToken?: string; PriceList: Array<{ product: { attributes: { instanceType: string } }; terms: { OnDemand: Record<string, { priceDimensions: Record<string, { pricePerUnit: { USD: string } }> }> } }> }> };

/** The recorded c7i.large answer with the price AWS changed since ltop's table was taken. */
function changedC7i(usd: string): string[] {
  const entry = structuredClone(recorded.pages[2]!.PriceList[0]!);
  for (const term of Object.values(entry.terms.OnDemand)) for (const dim of Object.values(term.priceDimensions)) dim.pricePerUnit.USD = usd;
  return [JSON.stringify(entry)];
}

describe('ltop estimate (the CLI)', () => {
  const home = mkdtempSync(path.join(tmpdir(), 'ltop-estimate-home-'));
  const varFile = path.join(home, 'no-region.tfvars');
  writeFileSync(varFile, 'name = "ltop"\nnode_instance_types = ["c7i.large"]\nnode_desired_size = 2\n');
  let server: Server;
  let endpoint = '';
  const targets: string[] = [];
  const filters: string[][] = [];
  // no real AWS, no developer profile: only what each test gives
  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: home,
    XDG_CACHE_HOME: path.join(home, 'cache'),
    AWS_CONFIG_FILE: path.join(home, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  });

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        targets.push(String(req.headers['x-amz-target']));
        const input = JSON.parse(body) as { Filters?: Array<{ Field: string; Value: string }> };
        filters.push((input.Filters ?? []).map((f) => `${f.Field}=${f.Value}`));
        const type = input.Filters?.find((f) => f.Field === 'instanceType')?.Value;
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        res.end(JSON.stringify({ FormatVersion: 'aws_v1', PriceList: type === 'c7i.large' ? changedC7i('0.1100') : [] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('takes the region from AWS_REGION when neither --region nor the tfvars say', async () => {
    const result = await ltop(['estimate', '--var-file', varFile], { env: env({ AWS_REGION: 'eu-west-1' }) });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /^Estimate for eu-west-1, 1 h/);
    const flag = await ltop(['estimate', '--var-file', varFile, '--region', 'us-east-1'], { env: env({ AWS_REGION: 'eu-west-1' }) });
    assert.match(flag.stdout, /^Estimate for us-east-1, 1 h/, '--region wins');
  });

  it('refuses a region that is not region-shaped, --hours past a year, and a missing var file, each in one line with exit 2', async () => {
    const mars = await ltop(['estimate', '--var-file', varFile, '--region', 'mars-1'], { env: env() });
    assert.equal(mars.exitCode, 2);
    assert.equal(mars.stderr.trim(), 'ltop: --region "mars-1" is not an AWS region name (like eu-central-1)');
    const hours = await ltop(['estimate', '--var-file', varFile, '--region', 'eu-west-1', '--hours', '99999999999999999999'], { env: env() });
    assert.equal(hours.exitCode, 2);
    assert.match(hours.stderr.trim(), /^ltop: --hours must be at most 8760 \(a year; got 100000000000000000000\)$/);
    const missing = await ltop(['estimate', '--var-file', '/nonexistent.tfvars'], { env: env() });
    assert.equal(missing.exitCode, 2);
    assert.equal(missing.stderr.trim(), 'ltop: /nonexistent.tfvars does not exist: give --var-file the path of your .tfvars (to start one: cp terraform/terraform.tfvars.example terraform/terraform.tfvars)');
    const noRegion = await ltop(['estimate', '--var-file', varFile], { env: env() });
    assert.equal(noRegion.exitCode, 2);
    assert.match(noRegion.stderr.trim(), /^ltop: no AWS region: pass --region, set region in the tfvars, set AWS_REGION/);
  });

  it('--refresh-prices asks the Price List API for the stack\'s types, caches the answer with its date, and later runs use it', async () => {
    const keys = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'eu-central-1', AWS_ENDPOINT_URL: endpoint };
    const shipped = await ltop(['estimate', '--var-file', varFile, '--json'], { env: env(keys) });
    assert.equal(shipped.exitCode, 0, shipped.stderr);
    const nodes = (out: string): number => (JSON.parse(out) as { components: Array<{ component: string; perHour: number }> }).components.find((c) => c.component === 'nodes')!.perHour;
    assert.equal(nodes(shipped.stdout), 0.2037, 'two c7i.large at the shipped price');

    const refreshed = await ltop(['estimate', '--var-file', varFile, '--refresh-prices', '--json'], { env: env(keys) });
    assert.equal(refreshed.exitCode, 0, refreshed.stderr);
    assert.deepEqual(targets, ['AWSPriceListService.GetProducts']);
    assert.deepEqual(filters[0], ['regionCode=eu-central-1', 'instanceType=c7i.large', 'operatingSystem=Linux', 'tenancy=Shared', 'preInstalledSw=NA', 'capacitystatus=Used']);
    const today = new Date().toISOString().slice(0, 10);
    assert.match(refreshed.stderr, new RegExp(`^ltop: prices refreshed from the AWS Price List API on ${today} for c7i\\.large in eu-central-1 \\(cached in ${path.join(home, 'cache', 'ltop')}\\)`));
    assert.equal(nodes(refreshed.stdout), 0.22, 'the changed price');
    const cache = JSON.parse(readFileSync(path.join(home, 'cache', 'ltop', 'prices-eu-central-1.json'), 'utf8')) as { date: string; onDemandPerHour: Record<string, number> };
    assert.deepEqual({ date: cache.date, onDemandPerHour: cache.onDemandPerHour }, { date: today, onDemandPerHour: { 'c7i.large': 0.11 } });

    const later = await ltop(['estimate', '--var-file', varFile, '--json'], { env: env(keys) });
    assert.equal(nodes(later.stdout), 0.22, 'the cached refresh is used until the next one');
    assert.equal(targets.length, 1, 'without --refresh-prices nothing is fetched');
  });
});
