import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseChecks } from '../../src/checks/parse.js';
import { matrixCommand } from '../../src/cli/commands/matrix.js';
import type { MatrixPlan } from '../../src/matrix/plan.js';
import { schemaErrors } from '../checks/junit-schema.js';
import { fakeRunner } from './fake-runner.js';

const plan: MatrixPlan = { replicas: [1, 2], workers: [2], users: [50, 100], durationSeconds: 10, cooldownSeconds: 0, spawnRate: null };

function capture() {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, line: (text: string) => void lines.push(text), error: (text: string) => void errors.push(text) };
}

describe('ltop matrix (command function)', () => {
  it('prints a line per step and cell, the table, charts and knees; judges --check per cell into JUnit; exit 1 when a cell breaks a check', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ltop-matrix-cmd-'));
    const junit = path.join(root, 'junit.xml');
    let closed = 0;
    const out = capture();
    const code = await matrixCommand(
      { plan, resultsDir: root, checks: parseChecks('p95<100ms'), junitFile: junit, color: false, width: 80 },
      out,
      { createRunner: async () => Object.assign(fakeRunner(), { close: async () => void closed++ }), now: () => Date.parse('2027-01-15T08:00:00Z') },
    );
    assert.equal(code, 1, 'r1 at 100 users breaks p95<100ms');
    assert.equal(closed, 1);
    assert.deepEqual(readdirSync(root).sort(), ['junit.xml', 'matrix-2027-01-15T08-00-00Z']);
    assert.equal(out.lines[0], `ltop matrix: 4 cells of 10s -> ${path.join(root, 'matrix-2027-01-15T08-00-00Z')}`);
    assert.ok(out.lines.includes('[1] r1-w2-u50: scaling the target'));
    assert.ok(out.lines.includes('[1] r1-w2-u50: running 50 users at 50/s'));
    assert.ok(out.lines.includes('[2] r1-w2-u100: ok rps=100 p50=110ms p95=220ms fail=1.00% requests=1000'));
    assert.ok(out.lines.includes('r1-w2-u100: FAIL p95 220ms < 100ms'));
    assert.ok(out.lines.includes('r2-w2-u100: PASS p95 20ms < 100ms'));
    assert.ok(out.lines.some((line) => line.startsWith('1 replica: knee at 100 users')));
    assert.deepEqual(await schemaErrors(readFileSync(junit, 'utf8')), { 'jenkins-junit.xsd': [], 'JUnit.xsd': [] });
    assert.match(readFileSync(junit, 'utf8'), /<testcase name="r1-w2-u100" classname="ltop.matrix" time="[\d.]+">\s*<failure message="FAIL p95 220ms &lt; 100ms" type="SLO">/);
  });

  it('--resume DIR takes the plan from the folder and runs only what is missing; a runner that cannot start is one line, exit 1', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ltop-matrix-cmd-'));
    await matrixCommand({ plan, resultsDir: root, color: false, width: 80 }, capture(), { createRunner: async () => Object.assign(fakeRunner(), { close: async () => undefined }) });
    const dir = path.join(root, readdirSync(root)[0]!);
    const runner = fakeRunner();
    const out = capture();
    const code = await matrixCommand({ plan: null, resume: dir, resultsDir: root, color: false, width: 80 }, out, { createRunner: async () => Object.assign(runner, { close: async () => undefined }) });
    assert.equal(code, 0);
    assert.equal(out.lines[0], `ltop matrix: 4 cells of 10s, 4 already done (resumed) -> ${dir}`);
    assert.deepEqual(runner.calls, []);
    const failing = capture();
    assert.equal(await matrixCommand({ plan, resultsDir: root, color: false, width: 80 }, failing, { createRunner: async () => Promise.reject(new Error('Locust not found')) }), 1);
    assert.deepEqual(failing.errors, ['ltop matrix: Locust not found']);
    await assert.rejects(matrixCommand({ plan: null, resume: root, resultsDir: root, color: false, width: 80 }, capture(), { createRunner: async () => Object.assign(fakeRunner(), { close: async () => undefined }) }), /--resume .*: no matrix.json there/);
  });
});
