import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gateRun } from '../../src/checks/gate.js';
import { parseChecks } from '../../src/checks/parse.js';
import type { StoredSummary } from '../../src/history/summary-file.js';
import { realSummary, scaledSummary } from './summary-fixture.js';
import { schemaErrors } from './junit-schema.js';

function savedRun(summary = scaledSummary(1.5)): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ltop-gate-'));
  writeFileSync(path.join(dir, 'summary.json'), JSON.stringify(summary));
  return dir;
}

describe('gating a saved run', () => {
  it('a failing gate: exit 1, one line per check, checks and baseline deltas in summary.json, a valid JUnit file', async () => {
    const dir = savedRun();
    const junit = path.join(dir, 'junit.xml');
    const result = await gateRun(dir, scaledSummary(1.5), { checks: parseChecks('p95<500ms, p95<baseline*1.1'), baseline: { file: 'base/summary.json', summary: realSummary() }, junitFile: junit });
    assert.equal(result.exitCode, 1);
    assert.deepEqual(result.lines.slice(-3), ['PASS p95 11ms < 500ms', 'FAIL p95 11ms < 7.7ms (baseline 7ms x1.1)', 'checks: 1/2 passed — FAILED']);
    assert.match(result.lines[0]!, /^vs baseline jsonplaceholder of /);
    const stored = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as StoredSummary & { baseline: { total: { metrics: { metric: string; verdict: string }[] } } };
    assert.deepEqual(stored.checks?.map((check) => [check.check, check.status]), [['p95<500ms', 'pass'], ['p95<baseline*1.1', 'fail']]);
    assert.equal(stored.baseline.total.metrics.find((metric) => metric.metric === 'p95')?.verdict, 'worse');
    assert.equal(stored.totals.requests, 647, 'the rest of the summary is untouched');
    assert.deepEqual(await schemaErrors(readFileSync(junit, 'utf8')), { 'jenkins-junit.xsd': [], 'JUnit.xsd': [] });
  });

  it('a passing gate: exit 0; no checks at all: exit 0 and nothing added', async () => {
    assert.equal((await gateRun(savedRun(realSummary()), realSummary(), { checks: parseChecks('p95<500ms, requests>100') })).exitCode, 0);
    const dir = savedRun(realSummary());
    const none = await gateRun(dir, realSummary(), { checks: [] });
    assert.equal(none.exitCode, 0);
    assert.deepEqual(none.lines, []);
    assert.equal((JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as StoredSummary).checks, undefined);
  });
});
