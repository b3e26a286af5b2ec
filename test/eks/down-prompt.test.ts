// `ltop down` on a terminal (a pseudo-terminal from Python's pty module): the name prompt ended
// with Ctrl+D is "not destroyed" with exit 1, not an interrupt; a wrong name says so. Nothing
// is destroyed either way (no stack exists: the prompt comes before anything runs).
import assert from 'node:assert/strict';
import { execa } from 'execa';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cliEntry, repoRoot } from '../support/cli.js';

const PTY = path.join(repoRoot, 'test', 'eks', 'fixtures', 'pty-answer.py');

async function downAnswering(answer: string) {
  return execa('python3', [PTY, 'to destroy it: ', answer, process.execPath, cliEntry, 'down', '--platform', 'eks'], {
    reject: false,
    cwd: repoRoot,
    timeout: 90_000,
    env: { ...process.env, FORCE_COLOR: '0', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'eu-central-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
  });
}

describe('ltop down: the name prompt on a terminal', () => {
  it('Ctrl+D: not destroyed, exit 1, no "interrupted"', async () => {
    const result = await downAnswering('EOF');
    assert.equal(result.exitCode, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /not destroyed \(no name typed\)/);
    assert.doesNotMatch(result.stdout, /interrupt/i);
  });

  it('a wrong name: not destroyed (the name did not match), exit 1', async () => {
    const result = await downAnswering('nope');
    assert.equal(result.exitCode, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /not destroyed \(the name did not match\)/);
  });
});
