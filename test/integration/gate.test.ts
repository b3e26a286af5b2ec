// SLO gates through the real CLI: `ltop run --headless --check ... --junit` on the local platform
// with the pinned Locust and the demo target; exit 0 when every check holds, 1 when one fails,
// and --check-abort ends a run early once a check can no longer pass.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { ltop } from '../support/cli.js';

const work = mkdtempSync(path.join(tmpdir(), 'ltop-gate-'));
after(() => rmSync(work, { recursive: true, force: true }));

function run(name: string, extra: string[]) {
  return ltop(['run', '--headless', '--json', '--users', '4', '--workers', '1', '--results-dir', path.join(work, name), ...extra], {
    env: { ...process.env, LTOP_STATE_DIR: path.join(work, 'state') },
    timeoutMs: 120_000,
  });
}

describe('ltop run --check (real Locust, demo target)', () => {
  it('all checks hold: exit 0, one line per check, the checks in summary.json and JUnit', async () => {
    const junit = path.join(work, 'pass.xml');
    const result = await run('pass', ['--duration', '6s', '--check', 'rps>0, p95<10000ms', '--check', 'fail_ratio<50%', '--junit', junit]);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stderr, /PASS .*rps/);
    assert.match(result.stderr, /PASS .*p95/);
    const summary = JSON.parse(result.stdout) as { checks: { status: string }[]; resultsDir: string };
    assert.deepEqual(summary.checks.map((check) => check.status), ['pass', 'pass', 'pass']);
    const onDisk = JSON.parse(readFileSync(path.join(summary.resultsDir, 'summary.json'), 'utf8')) as { checks: unknown[] };
    assert.equal(onDisk.checks.length, 3, 'summary.json carries the checks too');
    const xml = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(junit, 'utf8')) as { testsuites: { testsuite: { '@_tests': string; '@_failures': string } } };
    assert.equal(xml.testsuites.testsuite['@_tests'], '3');
    assert.equal(xml.testsuites.testsuite['@_failures'], '0');
  });

  it('a check that can no longer pass stops the run early with --check-abort, and exits 1', async () => {
    const started = Date.now();
    const result = await run('abort', ['--duration', '60s', '--check', 'requests<3', '--check-abort', '--check-grace', '1s']);
    assert.equal(result.exitCode, 1, result.stderr);
    assert.match(result.stderr, /stopping early: .*requests/);
    assert.match(result.stderr, /FAIL .*requests/);
    assert.ok(Date.now() - started < 45_000, 'ended well before the 60 s duration');
    const summary = JSON.parse(result.stdout) as { checks: { status: string }[]; reason: string };
    assert.equal(summary.checks[0]!.status, 'fail');
    assert.equal(summary.reason, 'check-abort', 'recorded as the gate that stopped it, not as a signal');
  });
});
