// The lifecycle's keys and panel on plain states (the cockpit-provision test drives them with the
// real platform): R retries what failed (a destroy asks for the name again), Esc hides the panel,
// d and D wait while a run is in flight, and the panel keeps to its rows at 80x24.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { provisionLines } from '../../src/cockpit/ProvisionPanel.js';
import { provisionQuestion } from '../../src/cockpit/keys/provision.js';
import type { InfraRunView } from '../../src/domain/platform-vocabulary.js';
import { baseState, KEYS, renderCockpit } from '../support/ink.js';
import { eventually } from '../support/wait.js';

const T0 = 1_800_000_000_000;

function run(overrides: Partial<InfraRunView> = {}): InfraRunView {
  return { operation: 'provision', outcome: 'running', startedAt: T0 - 250_000, stage: 'terraform', done: 12, planned: 61, inFlight: [], diagnostics: [], last: 'created module.vpc.aws_nat_gateway.this[0] in 1m32s', ...overrides };
}

const eks = { platform: 'eks' as const, masterUrl: null, canProvision: true, confirmName: 'ltop-demo', where: 'eks cluster ltop-demo in eu-central-1, namespace ltop', now: T0 };

describe('the provisioning panel and its keys', () => {
  it('the longest-running resource with its elapsed time, the others counted; everything within width and height', () => {
    const lines = provisionLines(
      run({
        inFlight: [
          { address: 'module.eks.aws_eks_cluster.this[0]', action: 'create', startedAt: T0 - 250_000, reportedSeconds: 240 },
          { address: 'module.vpc.aws_route_table.private[0]', action: 'create', startedAt: T0 - 2_000, reportedSeconds: 0 },
        ],
        diagnostics: Array.from({ length: 6 }, (_, i) => ({ severity: 'warning' as const, summary: `Deprecated attribute ${i}`, detail: 'The attribute "x" is deprecated. Refer to the provider documentation for details. '.repeat(2), where: 'module.eks' })),
      }),
      T0,
      76,
      11,
    );
    assert.equal(lines[0]?.text, 'provision · running · 12/61 20% ███░░░░░░░░░░░░░ · 04:10');
    assert.equal(lines[1]?.text, 'now: creating module.eks.aws_eks_cluster.this[0] 04:10 (+1 more)');
    assert.equal(lines.length, 11);
    assert.match(lines.at(-1)!.text, /^… \d+ more lines \(ltop up prints them all\)$/);
    for (const line of lines) assert.ok(line.text.length <= 76, line.text);
  });

  it('a failed run\'s clock stops at the failure, and a destroy that failed before Terraform says where, not "planning"', () => {
    const failure = { message: 'no AWS credentials', lines: [], nextStep: 'aws sso login, then press R' };
    const destroy = run({ operation: 'destroy', outcome: 'failed', stage: 'aws', done: 0, planned: 0, startedAt: T0 - 3_000, endedAt: T0, failure });
    assert.equal(provisionLines(destroy, T0 + 600_000, 76, 11)[0]?.text, 'destroy · failed · at AWS credentials · 00:03');
    const provision = run({ outcome: 'failed', endedAt: T0 - 10_000, failure });
    assert.equal(provisionLines(provision, T0 + 600_000, 76, 11)[0]?.text, 'provision · failed · 12/61 20% ███░░░░░░░░░░░░░ · 04:00');
    assert.equal(provisionLines(run({ operation: 'destroy', stage: 'kubernetes', planned: 0 }), T0, 76, 11)[0]?.text, 'destroy · running · Kubernetes clean-up · 04:10');
  });

  it('the deploy question fits 80 columns with the cost and the allow-list', () => {
    const state = baseState({ ...eks, infraMissing: true, infraEstimate: '$0.39/h in eu-central-1', infraTerms: 'API from 203.0.113.7/32' });
    assert.equal(provisionQuestion(state), 'Create ltop-demo, ~$0.39/h until D, API from 203.0.113.7/32?');
    assert.equal(provisionQuestion({ ...state, infraTerms: null }), 'Create EKS stack ltop-demo, ~$0.39/h until D destroys it?');
    // a stack that may exist (its API did not answer) is not offered as a new one: apply updates it
    assert.equal(provisionQuestion({ ...state, infraMissing: null }), 'Create or update ltop-demo, ~$0.39/h until D, API from 203.0.113.7/32?');
  });

  it('while a run is in flight d and D do nothing; after a failed provision R retries it and Esc hides the panel', async () => {
    const cockpit = await renderCockpit({ state: baseState({ ...eks, infraRun: run() }), columns: 80, rows: 24 });
    try {
      await cockpit.waitFor('provision · running · 12/61 20%');
      await cockpit.press('d', 'D');
      assert.deepEqual(cockpit.calls, []);
      assert.equal(cockpit.store.getState().ui.overlay.kind, 'none');
      cockpit.dispatch({ type: 'platform/infra-progress', progress: { operation: 'provision', subject: 'run', phase: 'errored', message: 'x', at: T0, run: run({ outcome: 'failed', failure: { message: 'no AWS credentials: run aws sso login', lines: [], nextStep: 'run aws sso login --profile dev, then press R to retry' } }) } });
      const failed = await cockpit.waitFor('next: run aws sso login --profile dev, then press R to retry');
      assert.match(failed, /✗ no AWS credentials/);
      await cockpit.press('R');
      assert.deepEqual(cockpit.calls, [['provision']]);
      await cockpit.press(KEYS.escape);
      // Ink hands a lone Esc over once it knows no sequence follows
      await eventually(() => cockpit.store.getState().infraRun === null, 'Esc to hide the panel');
      await eventually(() => !/provision · /.test(cockpit.frame()), 'the cockpit back without the panel');
    } finally {
      cockpit.unmount();
    }
  });

  it('after a failed destroy R asks for the cluster name again before anything', async () => {
    const failed = run({ operation: 'destroy', outcome: 'failed', failure: { message: 'the destroy finished, but AWS still holds resources of the stack', lines: ['1 resource left in AWS for stack ltop-demo'], nextStep: 'remove them with the commands above, then press R to retry' } });
    const cockpit = await renderCockpit({ state: baseState({ ...eks, infraRun: failed }), columns: 80, rows: 24 });
    try {
      await cockpit.waitFor('1 resource left in AWS for stack ltop-demo');
      await cockpit.press('R');
      await cockpit.waitFor('Type ltop-demo and Enter');
      assert.deepEqual(cockpit.calls, [], 'nothing until the name is typed');
      await cockpit.press(...'ltop-demo', KEYS.enter);
      assert.deepEqual(cockpit.calls, [['teardown']]);
    } finally {
      cockpit.unmount();
    }
  });
});
