// The Terraform runner with the real terraform on the terraform_data fixture (a copy in a
// temp dir per test): what ltop up/down will see from a real stack, minus AWS.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { spawn } from 'node:child_process';
import { waitFor } from '../../src/util/wait.js';
import { findTerraform, TerraformNotFoundError } from '../../src/terraform/binary.js';
import type { TerraformEvent } from '../../src/terraform/events.js';
import { progressView, type Progress } from '../../src/terraform/progress.js';
import { Terraform, TerraformCommandError } from '../../src/terraform/runner.js';
import { repoRoot } from './stack-hcl.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function fixtureStack(): Promise<Terraform> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ltop-tf-'));
  dirs.push(dir);
  cpSync(path.join(repoRoot, 'test/fixtures/terraform/stack'), dir, { recursive: true });
  const terraform = await Terraform.locate(dir);
  await terraform.init();
  return terraform;
}

const addresses = (list: readonly { address: string }[]) => list.map((resource) => resource.address).sort();
const ALL = ['terraform_data.cluster', 'terraform_data.network', 'terraform_data.nodes[0]', 'terraform_data.nodes[1]'];

describe('terraform runner (real terraform, terraform_data fixture)', () => {
  it('finds terraform, or says what to install', async () => {
    const found = await findTerraform();
    assert.equal(found.flavor, 'terraform');
    assert.match(found.version, /^1\.\d+\.\d+/);
    assert.equal((await findTerraform({ ...process.env, LTOP_TERRAFORM: 'terraform' })).path, found.path);
    await assert.rejects(findTerraform({ PATH: '/nonexistent' }), (error: unknown) => error instanceof TerraformNotFoundError && /Terraform not found on PATH \(neither terraform nor tofu\): install Terraform >= 1\.5\.7/.test(error.message));
    await assert.rejects(findTerraform({ ...process.env, LTOP_TERRAFORM: '/opt/none/tofu' }), /LTOP_TERRAFORM=\/opt\/none\/tofu is not an executable file/);
  });

  it('a binary that disappeared or a missing directory is a clear error, not a crash', async () => {
    const logDir = mkdtempSync(path.join(tmpdir(), 'ltop-tf-runs-'));
    dirs.push(logDir);
    const binary = await findTerraform();
    const gone = new Terraform({ dir: logDir, binary: { ...binary, path: '/nonexistent/terraform' }, logDir });
    await assert.rejects(gone.apply(), (error: unknown) => error instanceof TerraformNotFoundError && /\/nonexistent\/terraform is gone/.test(error.message));
    const nowhere = new Terraform({ dir: '/nonexistent/stack', binary, logDir });
    await assert.rejects(nowhere.apply(), (error: unknown) => error instanceof TerraformCommandError && /directory \/nonexistent\/stack does not exist/.test(error.message));
  });

  it('a failed init throws with the diagnostic Terraform gave', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ltop-tf-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'main.tf'), 'module "vpc" {\n  source = "./modules/vpc"\n}\n');
    const terraform = await Terraform.locate(dir);
    await assert.rejects(terraform.init(), (error: unknown) => {
      assert.ok(error instanceof TerraformCommandError);
      assert.match(error.message, /^terraform init failed: /);
      assert.match(error.diagnostics.map((diagnostic) => `${diagnostic.summary} ${diagnostic.detail}`).join('\n'), /Unreadable module directory.*module "vpc"/s);
      return true;
    });
  });

  it('applies with progress events, then gives the outputs and the resources', async () => {
    const terraform = await fixtureStack();
    const seen: TerraformEvent[] = [];
    const views: ReturnType<typeof progressView>[] = [];
    const result = await terraform.apply({
      vars: { sleep_seconds: 0, name: 'demo' },
      onEvent: (event, progress) => {
        seen.push(event);
        views.push(progressView(progress, Date.now()));
      },
    });
    assert.equal(result.ok, true, JSON.stringify(result.diagnostics));
    assert.equal(seen[0]?.type, 'version');
    assert.deepEqual(
      seen.filter((event) => event.type === 'apply_complete').map((event) => (event.type === 'apply_complete' ? event.address : '')).sort(),
      ALL,
    );
    // Progress climbs one resource at a time to 4/4, naming the one in progress on the way.
    assert.deepEqual([...new Set(views.map((view) => view.done))], [0, 1, 2, 3, 4]);
    assert.ok(views.some((view) => view.current?.address === 'terraform_data.cluster' && view.planned === 4));
    assert.equal(result.outputs?.['cluster_name']?.value, 'demo');
    const outputs = await terraform.output();
    assert.deepEqual(outputs['node_names']?.value, ['demo-node-0', 'demo-node-1']);
    assert.deepEqual(outputs['secret'], { sensitive: true, type: 'string', value: 'hunter2' });
    assert.deepEqual(addresses(await terraform.resources()), ALL);
  });

  it('a failing resource: not ok, its diagnostic with detail and address, and what exists', async () => {
    const terraform = await fixtureStack();
    const result = await terraform.apply({ vars: { fail: 'cluster', sleep_seconds: 0 } });
    assert.equal(result.ok, false);
    assert.equal(result.cancelled, false);
    assert.equal(result.exitCode, 1);
    const [diagnostic] = result.diagnostics;
    assert.equal(diagnostic?.summary, 'local-exec provisioner error');
    assert.equal(diagnostic?.address, 'terraform_data.cluster');
    assert.match(diagnostic?.detail ?? '', /cluster refused: quota exceeded/);
    assert.deepEqual(result.progress.errored, ['terraform_data.cluster']);
    // The network was created before the failure; the failed cluster is recorded tainted.
    assert.deepEqual(result.resources?.map(({ address, tainted }) => ({ address, tainted })), [
      { address: 'terraform_data.cluster', tainted: true },
      { address: 'terraform_data.network', tainted: false },
    ]);
  });

  it('cancel mid-apply: one interrupt, a clean stop, a consistent unlocked state, then destroy', async () => {
    const terraform = await fixtureStack();
    const cancel = new AbortController();
    const logs: string[] = [];
    let atCancel: Progress | undefined;
    const result = await terraform.apply({
      vars: { sleep_seconds: 2 },
      signal: cancel.signal,
      onEvent: (event, progress) => {
        if (event.type === 'log') logs.push(event.message);
        // Cancel while the cluster is being created, as a user pressing Esc would.
        if (event.type === 'apply_start' && event.address === 'terraform_data.cluster') {
          atCancel = progress;
          cancel.abort();
        }
      },
    });
    assert.ok(atCancel, 'the cluster started');
    assert.equal(result.cancelled, true);
    assert.equal(result.ok, false);
    assert.equal(logs.filter((message) => message.startsWith('Interrupt received')).length, 1, 'exactly one interrupt');
    assert.ok(!logs.some((message) => /Two interrupts received/.test(message)), 'never a forced stop');
    // The state says what exists: the finished network, the interrupted cluster (tainted), no nodes.
    assert.deepEqual(addresses(result.resources ?? []), ['terraform_data.cluster', 'terraform_data.network']);
    assert.equal(existsSync(path.join(terraform.dir, '.terraform.tfstate.lock.info')), false, 'the state is not locked');
    assert.deepEqual(addresses(await terraform.resources()), ['terraform_data.cluster', 'terraform_data.network']);

    // Destroy takes the lock (it would fail if the cancelled run still held it) and leaves nothing.
    const destroyed = await terraform.destroy();
    assert.equal(destroyed.ok, true, JSON.stringify(destroyed.diagnostics));
    assert.equal(destroyed.progress.done, 2);
    assert.deepEqual(destroyed.progress.finished, { add: 0, change: 0, remove: 2 });
    assert.deepEqual(await terraform.resources(), []);
  });

  it('plan with a saved plan file, then apply exactly that plan', async () => {
    const terraform = await fixtureStack();
    const plan = await terraform.plan({ vars: { node_count: 1, sleep_seconds: 0 }, out: 'ltop.tfplan' });
    assert.equal(plan.ok, true, JSON.stringify(plan.diagnostics));
    assert.deepEqual(plan.changes, { add: 3, change: 0, remove: 0 });
    assert.deepEqual(addresses(plan.progress.plannedChanges), ['terraform_data.cluster', 'terraform_data.network', 'terraform_data.nodes[0]']);
    const applied = await terraform.apply({ planFile: plan.planFile! });
    assert.equal(applied.ok, true, JSON.stringify(applied.diagnostics));
    assert.equal(applied.progress.planned, 3);
    assert.equal(applied.progress.done, 3);
    assert.deepEqual(addresses(await terraform.resources()), ['terraform_data.cluster', 'terraform_data.network', 'terraform_data.nodes[0]']);
  });

  it('a configuration error comes back as the diagnostic Terraform gave', async () => {
    const terraform = await fixtureStack();
    const result = await terraform.apply({ vars: { node_count: 'many' } });
    assert.equal(result.ok, false);
    assert.match(result.diagnostics.map((diagnostic) => `${diagnostic.summary}: ${diagnostic.detail}`).join('\n'), /node_count/);
    assert.deepEqual(result.resources, []);
  });

  it('ltop killed mid-apply: terraform finishes on its own, writes the state and unlocks it', async () => {
    const terraform = await fixtureStack();
    const driver = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/terraform/support/apply-and-report.ts'), terraform.dir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    const gone = new Promise((resolve) => driver.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      driver.stdout.on('data', (data: Buffer) => data.toString().includes('cluster-started') && resolve());
      void gone.then(() => reject(new Error('the driver exited before the cluster started')));
    });
    driver.kill('SIGKILL');
    await gone;
    // Terraform's own log (a file, not a pipe to the dead process) records the end of the apply.
    const log = () => readdirSync(terraform.logDir).filter((name) => name.endsWith('-apply.jsonl')).map((name) => readFileSync(path.join(terraform.logDir, name), 'utf8')).join('');
    await waitFor(() => log().includes('"operation":"apply"'), { timeoutMs: 20_000, what: 'the orphaned apply to finish' });
    await waitFor(() => !existsSync(path.join(terraform.dir, '.terraform.tfstate.lock.info')), { timeoutMs: 5_000, what: 'the state lock to be released' });
    assert.deepEqual(addresses(await terraform.resources()), ALL);
  });

  it('a Terraform whose -json UI has a new major version is interrupted before it changes anything', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ltop-tf-'));
    dirs.push(dir);
    const terraform = await Terraform.locate(dir, { ...process.env, LTOP_TERRAFORM: path.join(repoRoot, 'test/terraform/support/terraform-ui-2.sh') });
    const started = Date.now();
    const result = await terraform.apply();
    assert.equal(result.ok, false);
    assert.equal(result.cancelled, false, 'refused, not cancelled by the user');
    assert.match(result.diagnostics[0]?.detail ?? '', /UI is version 2\.0; ltop understands 1\.x/);
    assert.ok(Date.now() - started < 5000, 'stopped at once, not after the stand-in gave up');
  });

  it('cancelled before it starts: nothing runs', async () => {
    const terraform = await fixtureStack();
    const result = await terraform.apply({ signal: AbortSignal.abort() });
    assert.equal(result.cancelled, true);
    assert.deepEqual(result.resources, []);
  });

  it('a listener that throws does not stop ltop from following Terraform to the end', async () => {
    const terraform = await fixtureStack();
    const result = await terraform.apply({
      vars: { sleep_seconds: 0, node_count: 0 },
      onEvent: () => {
        throw new Error('render failed');
      },
    });
    assert.equal(result.ok, true);
    assert.deepEqual(addresses(await terraform.resources()), ['terraform_data.cluster', 'terraform_data.network']);
    assert.match(result.diagnostics.map((diagnostic) => diagnostic.detail).join(), /render failed/);
  });
});
