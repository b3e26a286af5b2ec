// The lines headless `ltop up/down` prints, from the recorded streams.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { formatElapsed, formatEvent, formatProgressLine, formatResources } from '../../src/terraform/format.js';
import { parseLine } from '../../src/terraform/parse.js';
import { repoRoot } from './stack-hcl.js';

const lines = (name: string) =>
  readFileSync(path.join(repoRoot, 'test/fixtures/terraform', name), 'utf8')
    .split('\n')
    .flatMap((line) => {
      const parsed = parseLine(line);
      const text = parsed.kind === 'event' ? formatEvent(parsed.event) : undefined;
      return text ? [text] : [];
    });

describe('terraform lines for people', () => {
  it('an apply reads as plan, each resource, the summary', () => {
    assert.deepEqual(lines('apply.jsonl'), [
      'terraform 1.11.4',
      'plan: 4 to add, 0 to change, 0 to destroy',
      'creating terraform_data.network',
      'created terraform_data.network in 1s',
      'creating terraform_data.cluster',
      'created terraform_data.cluster in 1s',
      'creating terraform_data.nodes[0]',
      'creating terraform_data.nodes[1]',
      'created terraform_data.nodes[1] in 1s',
      'created terraform_data.nodes[0] in 1s',
      'apply complete: 4 added, 0 changed, 0 destroyed',
    ]);
  });

  it('a failure ends with the diagnostic, its resource, file and detail on one line', () => {
    assert.equal(
      lines('apply-failed.jsonl').at(-1),
      "error: local-exec provisioner error [terraform_data.cluster, main.tf:52]: Error running command 'echo 'cluster refused: quota exceeded' >&2; exit 3': exit status 3. Output: cluster refused: quota exceeded",
    );
  });

  it('a cancel says the interrupt was sent', () => {
    assert.ok(lines('apply-cancelled.jsonl').includes('interrupt sent: waiting for terraform to stop cleanly'));
  });

  it('progress line: counts, the resource in progress and its time', () => {
    assert.equal(formatProgressLine('apply', { done: 0, planned: 0, inFlight: 0, errors: 0 }), 'apply planning');
    assert.equal(
      formatProgressLine('apply', { done: 3, planned: 12, percent: 25, current: { address: 'module.eks.aws_eks_cluster.this[0]', action: 'create', elapsedSeconds: 250 }, inFlight: 3, errors: 1 }),
      'apply 3/12 25% · creating module.eks.aws_eks_cluster.this[0] 4m10s (+2 more) · 1 error',
    );
    assert.equal(formatElapsed(59), '59s');
  });

  it('what is left after a cancel', () => {
    assert.deepEqual(formatResources([]), ['nothing recorded in the state']);
    assert.deepEqual(formatResources([{ address: 'terraform_data.cluster', type: 'terraform_data', mode: 'managed', tainted: true }]), ['terraform_data.cluster (tainted: replaced on the next apply)']);
  });
});
