// Price List refresh: GetProducts answers on the documented PriceList shape, through an
// SDK-level double (moto lacks the Pricing API), parsed, cached with its date and laid over
// the shipped table.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { GetProductsCommand, type GetProductsCommandInput } from '@aws-sdk/client-pricing';
import { type PricingApi, parseEc2PriceList, pricesFor, readPriceCache, refreshPrices } from '../../src/aws/pricing/price-list.js';

const recorded = JSON.parse(readFileSync(new URL('../fixtures/cost/pricelist-ec2-eu-central-1.json', import.meta.url), 'utf8')) as { pages: Array<{ NextToken?: string; PriceList: unknown[] }> };

/** m6i.large spans the first two pages (one NextToken); c7i.large is the third */
function pricingDouble(): { client: PricingApi; inputs: GetProductsCommandInput[] } {
  const inputs: GetProductsCommandInput[] = [];
  const client = {
    send(command: unknown) {
      assert.ok(command instanceof GetProductsCommand);
      const input = command.input;
      inputs.push(input);
      const type = input.Filters?.find((f) => f.Field === 'instanceType')?.Value;
      const page = type === 'c7i.large' ? recorded.pages[2]! : input.NextToken === 'page-2' ? recorded.pages[1]! : recorded.pages[0]!;
      return Promise.resolve({ $metadata: {}, FormatVersion: 'aws_v1', PriceList: page.PriceList.map((p) => JSON.stringify(p)), ...(page.NextToken ? { NextToken: page.NextToken } : {}) });
    },
  } as PricingApi;
  return { client, inputs };
}

describe('Price List refresh', () => {
  it('keeps only shared-tenancy Linux on-demand hours in the region', () => {
    const all = recorded.pages.flatMap((p) => p.PriceList.map((e) => JSON.stringify(e)));
    assert.deepEqual(parseEc2PriceList([...all, '{broken'], 'eu-central-1'), { 'm6i.large': 0.115, 'c7i.large': 0.10185 });
    assert.deepEqual(parseEc2PriceList(all, 'us-east-1'), {});
  });

  it('fetches every page per type, caches the prices with their date, and overlays the shipped table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ltop-prices-'));
    try {
      const { client, inputs } = pricingDouble();
      const table = await refreshPrices({ pricing: client, region: 'eu-central-1', instanceTypes: ['m6i.large', 'c7i.large'], cacheDir: dir, now: Date.parse('2026-12-24T08:00:00Z') });
      assert.equal(inputs.length, 3, 'two pages for m6i.large, one for c7i.large');
      assert.equal(inputs[0]!.ServiceCode, 'AmazonEC2');
      assert.deepEqual(inputs[0]!.Filters!.map((f) => `${f.Field}=${f.Value}`), ['regionCode=eu-central-1', 'instanceType=m6i.large', 'operatingSystem=Linux', 'tenancy=Shared', 'preInstalledSw=NA', 'capacitystatus=Used']);
      assert.equal(inputs[1]!.NextToken, 'page-2');
      assert.equal(table.date, '2026-12-24');
      assert.equal(table.ec2.onDemandPerHour['c7i.large'], 0.10185);
      assert.equal(table.ec2.onDemandPerHour['t3.large'], 0.096, 'what was not refreshed stays');
      const cache = await readPriceCache(dir, 'eu-central-1');
      assert.deepEqual({ ...cache, fetchedAt: undefined }, { region: 'eu-central-1', date: '2026-12-24', fetchedAt: undefined, source: 'AWS Price List API, GetProducts AmazonEC2', onDemandPerHour: { 'm6i.large': 0.115, 'c7i.large': 0.10185 } });
      assert.equal((await pricesFor('eu-central-1', dir)).date, '2026-12-24', 'a newer cache wins');
      writeFileSync(join(dir, 'prices-eu-central-1.json'), JSON.stringify({ ...cache, date: '2025-01-01', onDemandPerHour: { 't3.large': 9 } }));
      assert.equal((await pricesFor('eu-central-1', dir)).ec2.onDemandPerHour['t3.large'], 0.096, 'an older cache does not');
      assert.equal((await pricesFor('eu-central-1', join(dir, 'none'))).date, '2026-12-01');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
