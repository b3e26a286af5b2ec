import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { judgeChecks } from '../../src/checks/judge.js';
import { parseChecks } from '../../src/checks/parse.js';
import { loadSummary } from '../../src/history/summary-file.js';
import { baselineLines, baselineVerdict, compareToBaseline, endpointDelta } from '../../src/report/baseline.js';
import { realSummary, scaledSummary } from './summary-fixture.js';

describe('--baseline: deltas against an earlier run', () => {
  it('a slower build: latencies worse, RPS the same, each endpoint and the total marked', () => {
    const comparison = compareToBaseline(scaledSummary(1.5), realSummary(), 'base/summary.json');
    const total = Object.fromEntries(comparison.total.metrics.map((delta) => [delta.metric, delta]));
    assert.equal(total['p95']?.verdict, 'worse');
    assert.equal(total['p95']?.baseline, 7);
    assert.equal(total['p95']?.current, 10.5);
    assert.equal(total['rps']?.verdict, 'same');
    assert.equal(total['fail_ratio']?.verdict, 'same');
    assert.equal(endpointDelta(comparison, 'GET', '/index.html')?.metrics.find((delta) => delta.metric === 'p50')?.verdict, 'worse');
    assert.deepEqual(baselineLines(comparison).slice(0, 2), [
      'vs baseline jsonplaceholder of 2027-01-15T08:00:00.000Z (base/summary.json)',
      '  total: rps 32.4 ±0% same, p50 6ms +50% worse, p95 10.5ms +50% worse, p99 12ms +50% worse, fail 22.6% +0.0pp same',
    ]);
    assert.match(baselineVerdict(comparison), /^worse than the baseline: total p50, total p95, total p99, GET \/data.json p50/);
  });

  it('a faster build with twice the throughput: better; within the noise: same', () => {
    const faster = compareToBaseline(scaledSummary(0.5, 2), realSummary(), 'b');
    assert.deepEqual(faster.total.metrics.map((delta) => delta.verdict), ['better', 'better', 'better', 'better', 'same']);
    const same = compareToBaseline(scaledSummary(1.03, 1.01), realSummary(), 'b');
    assert.ok(same.total.metrics.every((delta) => delta.verdict === 'same'), JSON.stringify(same.total.metrics));
    assert.equal(baselineVerdict(same), 'nothing worse than the baseline');
  });

  it('endpoints only one run made are named, not compared', () => {
    const base = realSummary();
    const current = { ...base, endpoints: [...base.endpoints.slice(1), { ...base.endpoints[0]!, name: '/new' }] };
    const comparison = compareToBaseline(current, base, 'b');
    assert.equal(endpointDelta(comparison, 'GET', '/new')?.onlyIn, 'current');
    assert.ok(baselineLines(comparison).includes('  GET /data.json: only in the baseline'));
  });

  it('a summary.json, a run folder or a results folder (its newest run) all load as the baseline; checks refer to it', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ltop-baseline-'));
    for (const [name, factor] of [['2027-01-14T08-00-00Z', 2], ['2027-01-15T08-00-00Z', 1]] as const) {
      mkdirSync(path.join(root, name));
      writeFileSync(path.join(root, name, 'summary.json'), JSON.stringify(scaledSummary(factor)));
    }
    mkdirSync(path.join(root, 'zz-broken'));
    const newest = await loadSummary(root);
    assert.equal(newest.file, path.join(root, '2027-01-15T08-00-00Z', 'summary.json'));
    assert.equal((await loadSummary(path.join(root, '2027-01-14T08-00-00Z'))).summary.totals.p95Ms, 14);
    assert.equal((await loadSummary(newest.file)).summary.totals.p95Ms, 7);
    const [result] = judgeChecks(parseChecks('p95<=baseline*1.1'), scaledSummary(1.5), newest.summary);
    assert.equal(result?.line, 'FAIL p95 11ms <= 7.7ms (baseline 7ms x1.1)');
  });

  it('a missing or broken baseline is a one-line usage error', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ltop-baseline-'));
    writeFileSync(path.join(root, 'summary.json'), '{"totals": {"requests": 1');
    await assert.rejects(loadSummary(root), /summary.json is not JSON \(a run cut off while writing\?\)/);
    writeFileSync(path.join(root, 'summary.json'), '{"totals": {}}');
    await assert.rejects(loadSummary(root), /is not an ltop summary: totals.requests is not a number/);
    await assert.rejects(loadSummary(path.join(root, 'nope')), /nope: no such file or folder/);
    await assert.rejects(loadSummary(mkdtempSync(path.join(tmpdir(), 'ltop-empty-'))), /holds no summary.json/);
  });
});
