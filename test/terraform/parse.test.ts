// The -json parser and the progress it feeds, on streams real Terraform printed for the
// fixture configuration (test/fixtures/terraform/README.md says how each was recorded).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { TerraformEvent } from '../../src/terraform/events.js';
import { parseLine, UnsupportedUiVersionError } from '../../src/terraform/parse.js';
import { initialProgress, progressView, reduceProgress, type Progress } from '../../src/terraform/progress.js';
import { repoRoot } from './stack-hcl.js';

const fixture = (name: string) => readFileSync(path.join(repoRoot, 'test/fixtures/terraform', name), 'utf8').split('\n');

function events(name: string): TerraformEvent[] {
  return fixture(name).flatMap((line) => {
    const parsed = parseLine(line);
    return parsed.kind === 'event' ? [parsed.event] : [];
  });
}

function fold(list: TerraformEvent[], operation: 'apply' | 'destroy' = 'apply'): Progress {
  return list.reduce(reduceProgress, initialProgress(operation));
}

describe('terraform -json parsing', () => {
  it('turns a whole apply into typed events in order', () => {
    const list = events('apply.jsonl');
    assert.equal(list.length, 29, 'one event per line');
    assert.deepEqual(list[0], { type: 'version', terraform: '1.11.4', ui: '1.2' });
    assert.deepEqual(list[1], { type: 'planned_change', address: 'terraform_data.network', resourceType: 'terraform_data', action: 'create' });
    assert.deepEqual(list[5], { type: 'change_summary', operation: 'plan', add: 4, change: 0, remove: 0, import: 0 });
    const complete = list.find((event) => event.type === 'apply_complete');
    assert.deepEqual(complete, { type: 'apply_complete', address: 'terraform_data.network', action: 'create', elapsedSeconds: 1, at: Date.parse('2026-12-01T09:20:38.123976Z'), id: '55274028-6514-b1dc-0853-26824b71e8e3' });
    assert.ok(list.some((event) => event.type === 'provision' && event.phase === 'progress' && event.output === 'Executing: ["/bin/sh" "-c" "sleep 1"]'));
  });

  it('ends a successful apply with done = planned and the outputs (sensitive ones without value)', () => {
    const progress = fold(events('apply.jsonl'));
    assert.equal(progress.planned, 4);
    assert.equal(progress.done, 4);
    assert.deepEqual(progress.completed, ['terraform_data.network', 'terraform_data.cluster', 'terraform_data.nodes[1]', 'terraform_data.nodes[0]']);
    assert.deepEqual(progress.inFlight, []);
    assert.deepEqual(progress.finished, { add: 4, change: 0, remove: 0 });
    assert.equal(progress.outputs?.['cluster_name']?.value, 'ltop-fixture');
    assert.deepEqual(progress.outputs?.['node_names']?.value, ['ltop-fixture-node-0', 'ltop-fixture-node-1']);
    assert.deepEqual(progress.outputs?.['secret'], { sensitive: true, type: 'string' });
    assert.equal(progressView(progress, Date.now()).percent, 100);
  });

  it('shows the resource in progress and its elapsed time mid-apply', () => {
    const list = events('apply.jsonl');
    const clusterStart = list.findIndex((event) => event.type === 'apply_start' && event.address === 'terraform_data.cluster');
    const midway = fold(list.slice(0, clusterStart + 1));
    const startedAt = Date.parse('2026-12-01T09:20:38.151604Z');
    const view = progressView(midway, startedAt + 2500);
    assert.deepEqual(view, { done: 1, planned: 4, percent: 25, current: { address: 'terraform_data.cluster', action: 'create', elapsedSeconds: 2 }, inFlight: 1, errors: 0 });
  });

  it('takes the elapsed time Terraform reports for slow resources (apply_progress, every 10 s)', () => {
    // The documented apply_progress message, made from the recorded apply_start line.
    const start = fixture('apply.jsonl').find((line) => line.includes('"terraform_data.cluster: Creating..."'))!;
    const tick = JSON.parse(start);
    tick.type = 'apply_progress';
    tick['@message'] = 'terraform_data.cluster: Still creating... [20s elapsed]';
    tick.hook.elapsed_seconds = 20;
    const progress = [parseLine(start), parseLine(JSON.stringify(tick))].reduce((state, parsed) => (parsed.kind === 'event' ? reduceProgress(state, parsed.event) : state), initialProgress('apply'));
    // Terraform's own count wins when the local clock says less (a late start of ltop's timer).
    assert.equal(progressView(progress, Date.parse('2026-12-01T09:20:39Z')).current?.elapsedSeconds, 20);
  });

  it('keeps a failing resource and its diagnostic with the detail and the address', () => {
    const progress = fold(events('apply-failed.jsonl'));
    assert.deepEqual(progress.errored, ['terraform_data.cluster']);
    assert.equal(progress.finished, undefined, 'a failed apply has no final summary');
    assert.equal(progress.done, 1);
    assert.deepEqual(progress.diagnostics, [
      {
        severity: 'error',
        summary: 'local-exec provisioner error',
        detail: "Error running command 'echo 'cluster refused: quota exceeded' >&2; exit 3': exit status 3. Output: cluster refused: quota exceeded",
        address: 'terraform_data.cluster',
        location: 'main.tf:52',
      },
    ]);
    assert.equal(progressView(progress, Date.now()).errors, 1);
  });

  it('an interrupted apply: the interrupt notice, the resource that was stopped, what finished', () => {
    const list = events('apply-cancelled.jsonl');
    assert.ok(list.some((event) => event.type === 'log' && event.message.startsWith('Interrupt received.')));
    const progress = fold(list);
    assert.deepEqual(progress.completed, ['terraform_data.network']);
    assert.deepEqual(progress.errored, ['terraform_data.cluster']);
    assert.deepEqual(
      progress.diagnostics.map((diagnostic) => diagnostic.summary),
      ['local-exec provisioner error', 'execution halted', 'execution halted'],
    );
  });

  it('a destroy counts its deletions against the planned removals', () => {
    const progress = fold(events('destroy.jsonl'), 'destroy');
    assert.equal(progress.planned, 4);
    assert.equal(progress.done, 4);
    assert.deepEqual(progress.plan, { add: 0, change: 0, remove: 4 });
    assert.deepEqual(progress.finished, { add: 0, change: 0, remove: 4 });
    assert.ok(events('destroy.jsonl').some((event) => event.type === 'refresh' && event.phase === 'start'));
  });

  it('counts a replace as one add and one remove, as the change summary does', () => {
    const replace = JSON.parse(fixture('apply.jsonl')[1]!);
    replace.change.action = 'replace';
    const parsed = parseLine(JSON.stringify(replace));
    assert.ok(parsed.kind === 'event');
    assert.equal(reduceProgress(initialProgress('apply'), parsed.event).planned, 2);
  });

  it('accepts a newer minor UI version and refuses a new major', () => {
    const version = (ui: string) => JSON.stringify({ '@level': 'info', '@message': 'Terraform 9.0.0', '@module': 'terraform.ui', type: 'version', terraform: '9.0.0', ui });
    assert.deepEqual(parseLine(version('1.9')), { kind: 'event', event: { type: 'version', terraform: '9.0.0', ui: '1.9' } });
    assert.throws(() => parseLine(version('2.0')), (error: unknown) => error instanceof UnsupportedUiVersionError && /UI is version 2\.0; ltop understands 1\.x/.test(error.message));
  });

  it('keeps a line that is not JSON as text, skips blank ones, and logs unknown types', () => {
    assert.deepEqual(parseLine('panic: runtime error'), { kind: 'text', text: 'panic: runtime error' });
    assert.deepEqual(parseLine('   '), { kind: 'blank' });
    assert.deepEqual(parseLine('{"@level":"info","@message":"Initializing the backend...","type":"init_output"}'), {
      kind: 'event',
      event: { type: 'log', level: 'info', message: 'Initializing the backend...' },
    });
  });
});
