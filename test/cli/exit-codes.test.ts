import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ltop } from '../support/cli.js';

describe('bad input: one clear line on stderr and exit code 2', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ltop-cli-'));
  const badYaml = path.join(dir, 'bad.yaml');
  writeFileSync(badYaml, 'users: [1, 2\n');
  const unknownKey = path.join(dir, 'unknown.yaml');
  writeFileSync(unknownKey, 'userz: 5\n');
  const badValue = path.join(dir, 'value.yaml');
  writeFileSync(badValue, 'users: many\n');
  const hexUsers = path.join(dir, 'hex.yaml');
  writeFileSync(hexUsers, 'users: 0x10\n');
  const cases: [string[], RegExp][] = [
    // decimal integers only: not hex, not an exponent, not a fraction (issue 8, item 8)
    [['run', '--users', '0x10'], /--users must be a whole number \(got "0x10"\)/],
    [['run', '--users', '1e3'], /--users must be a whole number \(got "1e3"\)/],
    [['run', '--users', '1.5'], /--users must be a whole number \(got "1.5"\)/],
    [['run', '--workers', '2.0'], /--workers must be a whole number/],
    [['run', '--spawn-rate', '0x10'], /--spawn-rate must be a number above 0 \(got "0x10"\)/],
    [['run', '--spawn-rate', '1e3'], /--spawn-rate must be a number above 0/],
    [['run', '--demo-latency-ms', '1e2'], /--demo-latency-ms must be a whole number/],
    [['run', '--demo-error-rate', '1e-1'], /--demo-error-rate must be between 0 and 1/],
    [['run', '--config', hexUsers], /--users must be a whole number \(got "0x10"\)/],
    [['--bogus'], /unknown option '--bogus'/],
    [['run', '--users', 'ten'], /--users must be a whole number \(got "ten"\)/],
    [['run', '--users', '-5'], /--users must be a whole number/],
    [['run', '--spawn-rate', '0'], /--spawn-rate must be a number above 0/],
    [['run', '--workers', '-1'], /--workers must be a whole number/],
    [['run', '--duration', 'soon'], /--duration must be a duration/],
    [['--scenario', 'nope'], /unknown scenario "nope"; valid scenarios: .*jsonplaceholder/],
    [['run', '--config', path.join(dir, 'missing.yaml')], /cannot read config .*missing\.yaml: ENOENT/],
    [['run', '--config', badYaml], /is not valid YAML/],
    [['run', '--config', unknownKey], /unknown setting "userz"/],
    [['run', '--config', badValue], /--users must be a whole number \(got "many"\)/],
    [['--platform', 'mars'], /--platform must be one of local, kube, eks/],
    [['--host', 'nowhere'], /--host must be a URL/],
    [['run', '--scenario', 'httpbin', '--locustfile', 'x.py'], /cannot be used together/],
    [['run', '--locustfile', '/nonexistent/mine.py'], /--locustfile \/nonexistent\/mine\.py: no such file/],
    // a flag before the command is the command's; one it does not take is refused, not dropped
    [['--duration', '5s', 'doctor'], /--duration does not apply to ltop doctor/],
    [['--users', 'ten', 'run'], /--users must be a whole number \(got "ten"\)/],
    // commander's "Did you mean" goes on the same line
    [['run', '--version'], /unknown option '--version'/],
    // a results folder that cannot be made is found before the swarm, not after it (user trial)
    [['run', '--duration', '5s', '--results-dir', path.join(badYaml, 'results')], /--results-dir .*bad\.yaml\/results: ENOTDIR/],
    [['run', '--duration', '5s', '--results-dir', '/proc/ltop-results'], /--results-dir \/proc\/ltop-results: E(NOENT|ACCES)/],
  ];
  for (const [args, message] of cases) {
    it(`ltop ${args.join(' ')}`, async () => {
      const result = await ltop(args, { timeoutMs: 20000 });
      assert.equal(result.exitCode, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, `one line: ${result.stderr}`);
    });
  }

  it('Locust missing: says how to get it (npm start, no root), exit 2', async () => {
    const result = await ltop(['run', '--duration', '5s'], { env: { PATH: '/nonexistent', LTOP_LOCUST: '', LTOP_VENV: '/nonexistent' }, timeoutMs: 20000 });
    assert.equal(result.exitCode, 2, result.stderr);
    assert.match(result.stderr, /Locust not found: run `npm start` \(it creates runtime\/\.venv/);
    assert.doesNotMatch(result.stderr, /sudo|apt-get/);
  });

  it('--help and scenarios exit 0', async () => {
    const help = await ltop(['--help']);
    assert.equal(help.exitCode, 0);
    assert.match(help.stdout, /--readonly/);
    const scenarios = await ltop(['scenarios']);
    assert.equal(scenarios.exitCode, 0);
    assert.deepEqual(scenarios.stdout.trim().split('\n'), ['custom', 'httpbin', 'jsonplaceholder']);
  });
});
