// Spot prices from EC2 DescribeSpotPriceHistory against moto_server (its prices are moto's,
// its response shape the real one), and the per-zone reduction on a documented example.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EC2Client } from '@aws-sdk/client-ec2';
import { cheapestPerType, fetchSpotPrices, latestByZone } from '../../src/aws/pricing/spot.js';
import { ratePerHour } from '../../src/cost/meter.js';
import { priceTable } from '../../src/cost/prices.js';
import { type MotoLogs, startMotoForLogs } from '../logs/moto-logs.js';

describe('spot prices', () => {
  let moto: MotoLogs;
  const saved = { ...process.env };
  before(async () => {
    moto = await startMotoForLogs('eu-central-1');
    Object.assign(process.env, moto.env);
  });
  after(async () => {
    await moto.stop();
    process.env = saved;
  });

  it('reads the spot price history through AWS_ENDPOINT_URL, one quote per type and zone', async () => {
    const ec2 = new EC2Client({});
    const { prices, quotes } = await fetchSpotPrices(ec2, ['m5.large', 'c5.large']);
    ec2.destroy();
    assert.ok(quotes.length >= 2);
    assert.deepEqual([...new Set(quotes.map((q) => q.instanceType))].sort(), ['c5.large', 'm5.large']);
    assert.ok(quotes.every((q) => q.zone.startsWith('eu-central-1') && q.perHour > 0));
    assert.deepEqual(Object.keys(prices.perHour).sort(), ['c5.large', 'm5.large']);
    // the meter takes them as live prices (no "assumed" note)
    const rate = ratePerHour({ nodes: [{ name: 'n', instanceType: 'm5.large', capacity: 'spot', createdAt: 0 }] }, priceTable('eu-central-1'), prices);
    assert.equal(rate.perHour, prices.perHour['m5.large']);
    assert.deepEqual(rate.notes, []);
  });

  it('takes the newest price in each zone, then the cheapest zone', () => {
    // items as DescribeSpotPriceHistory documents them (newest first, one per change)
    const items = [
      { AvailabilityZone: 'eu-central-1a', InstanceType: 'm5.large', ProductDescription: 'Linux/UNIX', SpotPrice: '0.041200', Timestamp: new Date('2026-12-01T09:00:00Z') },
      { AvailabilityZone: 'eu-central-1a', InstanceType: 'm5.large', ProductDescription: 'Linux/UNIX', SpotPrice: '0.030000', Timestamp: new Date('2026-11-30T09:00:00Z') },
      { AvailabilityZone: 'eu-central-1b', InstanceType: 'm5.large', ProductDescription: 'Linux/UNIX', SpotPrice: '0.038900', Timestamp: new Date('2026-12-01T08:00:00Z') },
      { AvailabilityZone: 'eu-central-1b', InstanceType: 'c5.large', ProductDescription: 'Linux/UNIX', SpotPrice: 'n/a' },
    ];
    const quotes = latestByZone(items);
    assert.deepEqual(quotes.map((q) => [q.zone, q.perHour]), [['eu-central-1a', 0.0412], ['eu-central-1b', 0.0389]]);
    assert.deepEqual(cheapestPerType(quotes, 1).perHour, { 'm5.large': 0.0389 });
  });
});
