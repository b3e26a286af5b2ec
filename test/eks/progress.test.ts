// What the cockpit and `ltop up/down` show of a Terraform run and of EKS: recorded terraform -json
// streams (test/fixtures/terraform) and DescribeCluster/DescribeNodegroup answers recorded from
// moto (test/aws/fixtures) through the pure mappings.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Cluster, Nodegroup } from '@aws-sdk/client-eks';
import { infraModel } from '../../src/aws/eks-model.js';
import { eksRows } from '../../src/platforms/eks/rows.js';
import { progressLine, terraformProgress } from '../../src/platforms/eks/progress.js';
import type { InfraProgress } from '../../src/platforms/platform.js';
import { initialProgress, parseLine, reduceProgress, type TerraformEvent } from '../../src/terraform/index.js';

const fixture = (name: string): string => new URL(`../fixtures/terraform/${name}`, import.meta.url).pathname;
const aws = (name: string): unknown => JSON.parse(readFileSync(new URL(`../aws/fixtures/${name}`, import.meta.url), 'utf8'));

function replay(file: string, extra: TerraformEvent[] = []): InfraProgress[] {
  let progress = initialProgress('apply');
  const out: InfraProgress[] = [];
  const events = readFileSync(fixture(file), 'utf8').split('\n').flatMap((line) => {
    const parsed = parseLine(line);
    return parsed.kind === 'event' ? [parsed.event] : [];
  });
  for (const event of [...events.slice(0, 8), ...extra, ...events.slice(8)]) {
    progress = reduceProgress(progress, event);
    const mapped = terraformProgress('provision', event, progress, Date.parse('2026-01-01T00:00:00Z'));
    if (mapped) out.push(mapped);
  }
  return out;
}

describe('eks progress lines', () => {
  it('an apply: the plan, each resource started and done with done/planned, the summary', () => {
    const lines = replay('apply.jsonl').map(progressLine);
    assert.ok(lines.includes('provision terraform: plan: 4 to add, 0 to change, 0 to destroy'), lines.join('\n'));
    assert.ok(lines.some((line) => /^provision: created terraform_data\.network in \d+s · apply 1\/4 25%$/.test(line)), lines.join('\n'));
    assert.equal(lines.at(-1), 'provision terraform: apply complete: 4 added, 0 changed, 0 destroyed');
    assert.ok(!lines.some((line) => line.includes('terraform 1.11')), 'no version chatter');
  });

  it('a resource still in progress carries its elapsed seconds', () => {
    const still: TerraformEvent = { type: 'apply_progress', address: 'terraform_data.network', action: 'create', elapsedSeconds: 250, at: Date.parse('2026-01-01T00:00:00Z') };
    const progress = replay('apply.jsonl', [still]).find((p) => p.phase === 'progress' && p.elapsedSeconds === 250);
    assert.ok(progress);
    assert.match(progressLine(progress), /^provision: still creating terraform_data\.network 4m10s · apply 0\/4 0%/);
  });

  it('a failed apply: the diagnostic with its detail and resource is an errored step', () => {
    const errored = replay('apply-failed.jsonl').filter((p) => p.phase === 'errored');
    const diagnostic = errored.find((p) => p.message.startsWith('error:'));
    assert.ok(diagnostic, errored.map(progressLine).join('\n'));
    assert.equal(diagnostic.subject, 'terraform_data.cluster');
    assert.match(diagnostic.message, /cluster refused: quota exceeded/);
  });

  it('the infra panel rows: the cluster line, then each node group', () => {
    const cluster = (aws('describe-cluster.json') as { cluster: Cluster }).cluster;
    const groups = ['describe-nodegroup-system.json', 'describe-nodegroup-workers.json'].map((name) => (aws(name) as { nodegroup: Nodegroup }).nodegroup);
    const rows = eksRows({ model: infraModel('eu-central-1', cluster, groups, new Date()), failures: 0 }, new Date('2026-12-01T11:20:47.821Z'));
    assert.deepEqual(rows.map((row) => [row.kind, row.name, row.status, row.healthy]), [
      ['EKS', 'ltop-demo', 'ACTIVE', true],
      ['NodeGroup', 'system', 'ACTIVE', true],
      ['NodeGroup', 'workers', 'ACTIVE', true],
    ]);
    assert.match(rows[0]!.detail ?? '', /^ltop-demo ACTIVE · k8s 1\.33 .* up 2h 05m$/);
    const lost = eksRows({ model: infraModel('eu-central-1', cluster, [], new Date()), error: 'EKS status: throttled by AWS', failures: 2 }, new Date());
    assert.deepEqual(lost.at(-1), { kind: 'EKS', name: 'ltop-demo', status: 'unreachable', detail: 'EKS status: throttled by AWS', healthy: false });
  });
});
