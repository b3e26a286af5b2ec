// The cost source: snapshots from what runs, the last good figures kept through a failed read,
// budget levels told once each.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BudgetLevel, RunningResources } from '../../src/cost/meter.js';
import { priceTable } from '../../src/cost/prices.js';
import type { CostSnapshot } from '../../src/cost/snapshot.js';
import { startCostTicker } from '../../src/cost/ticker.js';
import { eventually } from '../support/wait.js';

const H = 3_600_000;

describe('cost ticker', () => {
  it('meters what runs, keeps its figures through a failed read, and tells each budget level once', async () => {
    let clock = Date.parse('2026-12-01T12:00:00Z');
    const stack: RunningResources = { controlPlanes: [{ name: 'ltop', support: 'standard', createdAt: clock - 7 * H }], natGateways: [{ id: 'n', createdAt: clock - 7 * H }] };
    let fail = false;
    let reads = 0;
    const snaps: CostSnapshot[] = [];
    const errors: string[] = [];
    const levels: BudgetLevel[] = [];
    const ticker = startCostTicker({
      collect: async () => {
        reads++;
        if (fail) throw new Error('ExpiredToken: the security token included in the request is expired');
        return stack;
      },
      prices: priceTable('eu-central-1'),
      budget: 1.5,
      collectEveryMs: 20,
      snapshotEveryMs: 10,
      now: () => clock,
      onSnapshot: (s) => snaps.push(s),
      onError: (e) => errors.push((e as Error).message),
      onBudgetLevel: (l) => levels.push(l),
    });
    try {
      await eventually(() => snaps.length > 0, 'a first snapshot');
      assert.ok(Math.abs(snaps[0]!.perHour - 0.152) < 1e-9);
      assert.ok(Math.abs(snaps[0]!.spent - 7 * 0.152) < 1e-9, '7 h of control plane and NAT');
      fail = true;
      const before = reads;
      await eventually(() => errors.length > 0 && reads > before, 'a failed read');
      clock += 2 * H; // 9 h: $1.368, past 80 % of $1.50
      await eventually(() => levels.includes('warning'), 'the warning');
      assert.match(errors[0]!, /^ExpiredToken/);
      assert.ok(Math.abs(snaps.at(-1)!.perHour - 0.152) < 1e-9, 'the last good resources still metered');
      clock += 2 * H; // 11 h: $1.672, over
      await eventually(() => levels.includes('breach'), 'the breach');
      const n = snaps.length;
      await eventually(() => snaps.length > n + 3, 'more snapshots');
      assert.deepEqual(levels, ['warning', 'breach'], 'each level once');
      assert.equal(snaps.at(-1)!.budget!.message, 'budget $1.50 reached: $1.67 spent (111%)');
    } finally {
      ticker.stop();
    }
  });
});
