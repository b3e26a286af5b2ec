// After a destroy, what is still going away is looked at again (bounded) before it is called left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settleOrphanCheck, type OrphanReport } from '../../src/aws/orphans/check.js';
import { orphan, type StackRef } from '../../src/aws/orphans/types.js';

const ref: StackRef = { stack: 'ltop-demo', clusterName: 'ltop-demo', region: 'eu-central-1' };
const report = (orphans: OrphanReport['orphans'], failures: OrphanReport['failures'] = []): OrphanReport => ({
  stack: ref.stack, clusterName: ref.clusterName, region: ref.region, orphans, failures, clean: orphans.length === 0 && failures.length === 0, checkedAt: new Date(),
});
const shuttingDown = orphan('ec2-instance', 'i-0abc', ref, 'shutting-down t3.medium, tag eks:cluster-name=ltop-demo', true);
const running = orphan('nat-gateway', 'nat-0abc', ref, 'available, tag ltop-stack=ltop-demo');

test('an instance still shutting down is checked again until it is gone: clean', async () => {
  const answers = [report([shuttingDown]), report([shuttingDown]), report([])];
  let calls = 0;
  const r = await settleOrphanCheck(async () => answers[calls++]!, { intervalMs: 1, timeoutMs: 5_000 });
  assert.equal(r.clean, true);
  assert.equal(calls, 3);
});

test('something that stays is reported at once; going-away things past the bound are reported as left', async () => {
  let calls = 0;
  const stays = await settleOrphanCheck(async () => (calls++, report([running, shuttingDown])), { intervalMs: 1 });
  assert.equal(calls, 1);
  assert.equal(stays.clean, false);
  const late = await settleOrphanCheck(async () => report([shuttingDown]), { intervalMs: 5, timeoutMs: 30 });
  assert.deepEqual(late.orphans.map((o) => o.id), ['i-0abc']);
  assert.equal(late.clean, false);
});
