// The cockpit (the built CLI on a pseudo-terminal) left with q after a failed provision exits 1
// and says last what happened, instead of 0. The provision fails at its first step, the AWS
// credentials (there are none), so nothing is created; the what-is-my-IP lookup is refused on
// loopback.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cliEntry, repoRoot } from '../support/cli.js';

const PTY = path.join(repoRoot, 'test', 'eks', 'fixtures', 'pty-answer.py');

describe('the cockpit on eks: q after a failed provision', () => {
  it('exits 1 and its last lines say what failed', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'ltop-cockpit-exit-'));
    const steps = ['deploy', 'key:d', '[y/N]', 'key:y', 'next:', 'key:q'];
    const result = await execa('python3', [PTY, ...steps, '--', process.execPath, cliEntry, '--platform', 'eks'], {
      reject: false,
      cwd: repoRoot,
      timeout: 120_000,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        TERM: 'xterm-256color',
        FORCE_COLOR: '0',
        AWS_REGION: 'eu-central-1',
        AWS_CONFIG_FILE: path.join(home, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none'),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        LTOP_MY_IP_URL: 'http://127.0.0.1:9',
      },
    });
    assert.equal(result.exitCode, 1, result.stdout.slice(-3000));
    assert.match(result.stdout.split('\n').filter((line) => line.trim()).slice(-3).join('\n'), /provision: .*AWS credentials/, result.stdout.slice(-3000));
  });
});
