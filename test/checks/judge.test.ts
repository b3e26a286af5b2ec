import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checksExitCode, checksVerdict, judgeChecks } from '../../src/checks/judge.js';
import { parseChecks } from '../../src/checks/parse.js';
import { realSummary, scaledSummary } from './summary-fixture.js';

const lines = (text: string, summary = realSummary(), baseline: ReturnType<typeof realSummary> | null = null): string[] =>
  judgeChecks(parseChecks(text), summary, baseline).map((result) => result.line);

describe('judging checks on a run\'s summary', () => {
  it('a passing run: one line per check with the measured value, exit 0', () => {
    const results = judgeChecks(parseChecks('p95<500ms, p50<=4ms, rps>10, requests>=647, max<1s'), realSummary());
    assert.deepEqual(
      results.map((result) => result.line),
      ['PASS p95 7ms < 500ms', 'PASS p50 4ms <= 4ms', 'PASS rps 32.4 > 10', 'PASS requests 647 >= 647', 'PASS max 10ms < 1s'],
    );
    assert.equal(checksExitCode(results), 0);
    assert.equal(checksVerdict(results), 'checks: 5/5 passed');
  });

  it('a failing run: the breached checks say FAIL with both numbers, exit 1', () => {
    const results = judgeChecks(parseChecks('p95<500ms, fail_ratio<1%, rps>100'), realSummary());
    assert.deepEqual(results.map((result) => result.line), ['PASS p95 7ms < 500ms', 'FAIL fail_ratio 22.6% < 1%', 'FAIL rps 32.4 > 100']);
    assert.deepEqual(results.map((result) => result.status), ['pass', 'fail', 'fail']);
    assert.equal(results[1]!.actual, 146 / 647);
    assert.equal(checksExitCode(results), 1);
    assert.equal(checksVerdict(results), 'checks: 1/3 passed — FAILED');
  });

  it('per endpoint by "METHOD name": its own numbers, RPS as its share of the run', () => {
    assert.deepEqual(lines('GET /index.html: fail_ratio<1%, POST /index.html: fail_ratio<1%, GET /data.json: rps>=6.8, /data.json: p99<=9ms'), [
      'PASS GET /index.html: fail_ratio 0% < 1%',
      'FAIL POST /index.html: fail_ratio 100% < 1%',
      'PASS GET /data.json: rps 6.9 >= 6.8',
      'PASS /data.json: p99 9ms <= 9ms',
    ]);
  });

  it('what cannot be measured is an ERROR that fails the gate: unknown endpoint, ambiguous name, no baseline', () => {
    const results = judgeChecks(parseChecks('GET /nope: p95<1s, /index.html: p95<1s, p95<baseline*1.1'), realSummary());
    assert.deepEqual(results.map((result) => result.line), [
      'ERROR GET /nope: p95 not judged: no endpoint "GET /nope" in this run',
      'ERROR /index.html: p95 not judged: "/index.html" matches 2 endpoints (GET, POST): name the method',
      'ERROR p95 not judged: it refers to a baseline and none was given (--baseline PATH)',
    ]);
    assert.equal(checksExitCode(results), 1);
  });

  it('baseline references: the same scope and metric in the baseline run, times the factor', () => {
    const slower = scaledSummary(1.5);
    assert.deepEqual(lines('p95<baseline*1.1, GET /index.html: p50<=baseline*1.5, rps>=baseline*0.9', slower, realSummary()), [
      'FAIL p95 11ms < 7.7ms (baseline 7ms x1.1)',
      'PASS GET /index.html: p50 6ms <= 6ms (baseline 4ms x1.5)',
      'PASS rps 32.4 >= 29.2 (baseline 32.4 x0.9)',
    ]);
    const [p95] = judgeChecks(parseChecks('p95<baseline*1.1'), slower, realSummary());
    assert.equal(p95?.baseline, 7);
    assert.ok(Math.abs((p95?.threshold ?? 0) - 7.7) < 1e-9);
  });

  it('a run with no requests passes no latency or ratio check', () => {
    const empty = { ...realSummary(), totals: { ...realSummary().totals, requests: 0, failures: 0, p50Ms: null, p95Ms: null, p99Ms: null } };
    assert.deepEqual(lines('p95<1s, fail_ratio<1%', empty), ['ERROR p95 not judged: no p95: no requests were made', 'ERROR fail_ratio not judged: no fail_ratio: no requests were made']);
  });
});
