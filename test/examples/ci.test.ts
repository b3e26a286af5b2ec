// examples/ci: the GitHub Actions workflow and the GitLab CI job parse, run the gated headless
// test ltop documents, keep the results folder and the JUnit file whatever the outcome, and
// let a breach (ltop's exit 1) fail the job.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../k8s/kustomize.js';
import { flagsOf, ltopRunFlags } from '../k8s/ltop-cli.js';

const GATE = '--check "p95<500ms, fail_ratio<1%"';
const JUNIT = 'results/junit.xml';

type Json = Record<string, unknown>;
async function load(file: string): Promise<Json> {
  const value: unknown = parse(await readFile(join(REPO_ROOT, 'examples', 'ci', file), 'utf8'));
  assert.ok(value && typeof value === 'object', `${file} is a YAML mapping`);
  return value as Json;
}

/** The folded `ltop run ...` command as the shell receives it. */
function gateCommand(lines: readonly string[]): string {
  const cmd = lines.find((l) => /\bltop run --headless\b/.test(l));
  assert.ok(cmd, 'a step runs ltop run --headless');
  assert.ok(cmd.includes(GATE), `${cmd} gates on ${GATE}`);
  assert.match(cmd, new RegExp(`--junit ${JUNIT}\\b`));
  assert.match(cmd, /--results-dir results\b/);
  assert.match(cmd, /--host "\$TARGET_URL"/, 'against the service named by a CI variable');
  assert.doesNotMatch(cmd, /\|\|\s*true|;\s*true\b/, 'the exit code is not swallowed');
  return cmd;
}

async function flagsAreLtops(cmd: string): Promise<void> {
  const known = await ltopRunFlags();
  for (const f of flagsOf(cmd)) assert.ok(known.has(f), `${f} is a flag of ltop run`);
}

test('the GitHub Actions workflow runs the gate, uploads results and JUnit always, and fails on a breach', async () => {
  const wf = await load('github-actions.yml');
  assert.ok(wf['on'], 'has triggers');
  assert.deepEqual(wf['permissions'], { contents: 'read' }, 'least privilege for the token');
  const jobs = wf['jobs'] as Record<string, Json>;
  const job = jobs['load-gate'];
  assert.ok(job, 'job load-gate');
  assert.ok(typeof job['timeout-minutes'] === 'number', 'bounded in time');
  const steps = job['steps'] as Json[];
  for (const s of steps) {
    const uses = s['uses'];
    if (typeof uses === 'string') assert.match(uses, /^[\w.-]+\/[\w.-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/, `${uses} is pinned`);
  }
  const runs = steps.flatMap((s) => (typeof s['run'] === 'string' ? [s['run']] : []));
  const gate = steps.find((s) => typeof s['run'] === 'string' && /ltop run --headless/.test(s['run']));
  assert.ok(gate);
  assert.notEqual(gate['continue-on-error'], true, 'a breach fails the job');
  await flagsAreLtops(gateCommand(runs));
  assert.ok(runs.some((r) => r.includes('pip install --require-hashes -r runtime/requirements.txt')), 'the pinned Locust, hashes checked');

  const uploads = steps.filter((s) => typeof s['uses'] === 'string' && s['uses'].startsWith('actions/upload-artifact@'));
  const paths = uploads.map((u) => String((u['with'] as Json)['path']));
  for (const u of uploads) assert.equal(u['if'], 'always()', 'uploaded on failure too: that is when they matter');
  assert.ok(paths.includes('results/'), 'the results folder');
  assert.ok(paths.includes(JUNIT), 'the JUnit file');
  assert.ok(steps.indexOf(gate) < steps.indexOf(uploads[0]!), 'uploads come after the run');
});

test('the GitLab CI job runs the gate, keeps results always, reports JUnit, and fails on a breach', async () => {
  const ci = await load('gitlab-ci.yml');
  const job = ci['load-gate'] as Json | undefined;
  assert.ok(job, 'job load-gate');
  assert.ok((ci['stages'] as string[]).includes(String(job['stage'])), 'its stage is declared');
  assert.match(String(job['image']), /^node:22\.\d+\.\d+-/, 'a pinned Node 22 image');
  assert.notEqual(job['allow_failure'], true, 'a breach fails the pipeline');
  assert.ok(job['timeout'], 'bounded in time');
  const lines = [...(job['before_script'] as string[]), ...(job['script'] as string[])];
  await flagsAreLtops(gateCommand(job['script'] as string[]));
  assert.ok(lines.some((l) => l.includes('pip install --require-hashes -r .ltop/runtime/requirements.txt')));
  const artifacts = job['artifacts'] as Json;
  assert.equal(artifacts['when'], 'always', 'kept on failure too');
  assert.ok((artifacts['paths'] as string[]).includes('results/'));
  assert.equal((artifacts['reports'] as Json)['junit'], JUNIT, 'GitLab reads the JUnit ltop writes');
});
