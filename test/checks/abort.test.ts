import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { abortReason, canBeLostEarly, canStillPass } from '../../src/checks/abort.js';
import { parseCheck, parseChecks } from '../../src/checks/parse.js';
import { realSnapshot, realSummary } from './summary-fixture.js';

// The running fixture: a real 2.46.3 master mid-run.
const live = realSnapshot('running');

describe('--check-abort: which checks can no longer pass', () => {
  it('only ceilings on metrics that only grow (requests, failures, max) can be lost early', () => {
    const early = ['failures<10', 'failures<=10', 'requests<5', 'max<2s', 'GET /x: max<=1s'];
    const late = ['failures>10', 'requests>=5', 'max>1ms', 'fail_ratio<1%', 'p95<1ms', 'p99<1ms', 'p50<1ms', 'avg<1ms', 'rps>1e9'.replace('1e9', '1000000'), 'rps<1'];
    for (const text of early) assert.equal(canBeLostEarly(parseCheck(text)), true, text);
    for (const text of late) assert.equal(canBeLostEarly(parseCheck(text)), false, text);
  });

  it('failures over a count ceiling after the grace period: cannot pass; before it: not yet decided', () => {
    assert.ok(live.total.failures > 0, 'the running fixture has failures');
    const check = parseCheck(`failures<${live.total.failures}`);
    assert.equal(canStillPass(check, live, 30, 10), false);
    assert.equal(canStillPass(check, live, 5, 10), true, 'within the grace period');
    assert.equal(canStillPass(parseCheck(`failures<${live.total.failures + 1}`), live, 30, 10), true);
  });

  it('failures already over a ratio is not final: good requests can still bring it under', () => {
    assert.ok(live.total.failures / live.total.requests > 0.01);
    assert.equal(canStillPass(parseCheck('fail_ratio<1%'), live, 600, 10), true);
    assert.equal(canStillPass(parseCheck('p95<0.1ms'), live, 600, 10), true);
  });

  it('max latency over its ceiling is final; per endpoint too; a missing endpoint may still appear', () => {
    assert.equal(canStillPass(parseCheck(`max<${live.total.max}ms`), live, 30, 10), false);
    const endpoint = live.endpoints[0]!;
    assert.equal(canStillPass(parseCheck(`${endpoint.method} ${endpoint.name}: requests<=${endpoint.requests - 1}`), live, 30, 10), false);
    assert.equal(canStillPass(parseCheck('GET /later: requests<1'), live, 30, 10), true);
  });

  it('abortReason names the first lost check in one line; baseline ceilings resolve against the baseline', () => {
    const checks = parseChecks(`p95<1ms, failures<1, max<baseline*0.1`);
    assert.match(abortReason(checks, live, 30, 10) ?? '', /^check can no longer pass: failures is already \d+, and it only grows \(failures<1\)$/);
    assert.equal(abortReason(parseChecks('p95<1ms, fail_ratio<1%'), live, 30, 10), null);
    assert.match(abortReason(parseChecks('max<baseline*0.1'), live, 30, 10, realSummary()) ?? '', /max is already/);
    assert.equal(abortReason(parseChecks('max<baseline*0.1'), live, 30, 10, null), null, 'no baseline: judged (as an error) at the end, not aborted');
  });
});
