import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { judgeChecks } from '../../src/checks/judge.js';
import { parseChecks } from '../../src/checks/parse.js';
import { matrixSuite } from '../../src/matrix/junit.js';
import { loadSweep } from '../../src/matrix/store.js';
import { runSweep } from '../../src/matrix/sweep.js';
import { checksSuite, renderJUnit } from '../../src/report/junit.js';
import { schemaErrors } from '../checks/junit-schema.js';
import { fakeRunner, modelSummary } from './fake-runner.js';

describe('JUnit for a sweep', () => {
  it('one test case per cell: failed cells are errors, cells breaking the checks failures; valid against both schemas', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'ltop-matrix-junit-'));
    await runSweep({
      plan: { replicas: null, workers: [1, 2], users: [25, 100], durationSeconds: 10, cooldownSeconds: 0, spawnRate: null },
      runner: fakeRunner({ failWorkers: (workers) => (workers === 2 ? 'timed out after 60 s waiting for 2 workers to connect to the master' : null), cpu: () => 95 }, false),
      dir: folder,
      sleep: async () => undefined,
    });
    const sweep = await loadSweep(folder);
    const checks = parseChecks('p95<100ms');
    const byCell = Object.fromEntries(sweep.cells.filter((record) => record.status === 'ok').map((record) => [record.key, judgeChecks(checks, modelSummary(record.users, 1))]));
    const xml = renderJUnit([matrixSuite(sweep, byCell), checksSuite(byCell['w1-u25'] ?? [], { name: 'gate', startedAt: Date.parse(sweep.startedAt), durationSeconds: 10 })]);
    assert.deepEqual(await schemaErrors(xml), { 'jenkins-junit.xsd': [], 'JUnit.xsd': [] });
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml) as { testsuites: { testsuite: { tests: string; failures: string; errors: string; 'system-out': string; testcase: { name: string; failure?: { message: string }; error?: { message: string; type: string } }[] }[] } };
    const suite = parsed.testsuites.testsuite[0]!;
    assert.deepEqual([suite.tests, suite.failures, suite.errors], ['4', '1', '2']);
    assert.deepEqual(suite.testcase.map((testcase) => testcase.name), ['w1-u25', 'w1-u100', 'w2-u25', 'w2-u100']);
    assert.equal(suite.testcase[0]?.failure, undefined);
    assert.equal(suite.testcase[1]?.failure?.message, 'FAIL p95 220ms < 100ms');
    assert.equal(suite.testcase[2]?.error?.type, 'CellFailed');
    assert.match(suite.testcase[2]?.error?.message ?? '', /^failed; workers not connected: timed out after 60 s/);
    assert.match(suite['system-out'], /worker CPU above 90 % in w1-u25, w1-u100/);
  });
});
