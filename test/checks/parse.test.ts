import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/cli/parse.js';
import { CheckSyntaxError, needsBaseline, parseCheck, parseChecks } from '../../src/checks/parse.js';

describe('--check parser', () => {
  it('the issue\'s example: three checks with their units turned into ms, ratios and rps', () => {
    const checks = parseChecks('p95<500ms, fail_ratio<1%, rps>100');
    assert.deepEqual(
      checks.map((check) => [check.metric, check.operator, check.threshold]),
      [
        ['p95', '<', { kind: 'absolute', value: 500 }],
        ['fail_ratio', '<', { kind: 'absolute', value: 0.01 }],
        ['rps', '>', { kind: 'absolute', value: 100 }],
      ],
    );
    assert.ok(checks.every((check) => check.scope.kind === 'total'));
  });

  it('units: s and bare numbers for latency, 0.05 or 5% for ratios, /s for rates, counts', () => {
    assert.deepEqual(parseCheck('p99 <= 1.5s').threshold, { kind: 'absolute', value: 1500 });
    assert.deepEqual(parseCheck('avg<250').threshold, { kind: 'absolute', value: 250 });
    assert.deepEqual(parseCheck('fail_ratio<=0.05').threshold, { kind: 'absolute', value: 0.05 });
    assert.deepEqual(parseCheck('fail_ratio < 0.5%').threshold, { kind: 'absolute', value: 0.005 });
    assert.deepEqual(parseCheck('rps>=100/s').threshold, { kind: 'absolute', value: 100 });
    assert.deepEqual(parseCheck('failures<10').threshold, { kind: 'absolute', value: 10 });
    assert.deepEqual(parseCheck('requests>1000').threshold, { kind: 'absolute', value: 1000 });
    assert.equal(parseCheck('max >= 2s').operator, '>=');
    assert.equal(parseCheck('P95<1S').metric, 'p95');
  });

  it('per endpoint: "GET /posts: p95<300ms" reads one endpoint; the prefix belongs to its own check only', () => {
    const [posts, total] = parseChecks('GET /posts: p95<300ms, rps>100');
    assert.deepEqual(posts?.scope, { kind: 'endpoint', method: 'GET', name: '/posts' });
    assert.deepEqual(total?.scope, { kind: 'total' });
    assert.deepEqual(parseCheck('/posts/[id]: p99<1s').scope, { kind: 'endpoint', method: null, name: '/posts/[id]' });
    assert.deepEqual(parseCheck('GET http://api:8080/x: p50<5ms').scope, { kind: 'endpoint', method: 'GET', name: 'http://api:8080/x' });
    assert.deepEqual(parseCheck('Aggregated: p95<1s').scope, { kind: 'total' });
  });

  it('baseline references: baseline, baseline*1.1', () => {
    assert.deepEqual(parseCheck('p95<baseline*1.1').threshold, { kind: 'baseline', factor: 1.1 });
    assert.deepEqual(parseCheck('rps >= baseline * 0.9').threshold, { kind: 'baseline', factor: 0.9 });
    assert.deepEqual(parseCheck('p99<=baseline').threshold, { kind: 'baseline', factor: 1 });
    assert.equal(needsBaseline(parseChecks('p95<baseline*1.1, rps>1')), true);
    assert.equal(needsBaseline(parseChecks('p95<1s')), false);
  });

  it('several --check values (or a --config list) add up', () => {
    assert.equal(parseChecks(['p95<500ms', 'fail_ratio<1%, rps>1']).length, 3);
  });

  it('malformed checks are usage errors (exit 2) with one line naming the check and the fix', () => {
    const cases: [string, RegExp][] = [
      ['p95=500ms', /expected METRIC OPERATOR VALUE/],
      ['p95<', /expected METRIC OPERATOR VALUE/],
      ['latency<5ms', /unknown metric "latency" \(one of rps, p50, p95, p99, avg, max, fail_ratio, failures, requests\)/],
      ['p90<5ms', /Locust does not report p90/],
      ['p95<5%', /p95 is a latency: write it in ms or s/],
      ['fail_ratio<5', /fail_ratio is a ratio: write 1% or 0.01/],
      ['fail_ratio<150%', /cannot exceed 100%/],
      ['rps>10ms', /requests per second/],
      ['failures<2.5', /failures is a count: write a whole number/],
      ['p95<fast', /"fast" is not a threshold/],
      ['p95<baseline*0', /factor must be above 0/],
      ['p95<500ms,,rps>1', /an empty check/],
      ['', /an empty check/],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => parseChecks(text), (error: unknown) => {
        assert.ok(error instanceof CheckSyntaxError && error instanceof UsageError, `${text}: a usage error`);
        assert.match(error.message, message, text);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      });
    }
  });
});
