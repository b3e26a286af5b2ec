// `node dist/cli.js` on a Node older than 22 says what to do instead of failing inside a
// dependency (issue 8, item 18). Uses the machine's own Node (20), which is what a user has.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { describe, it } from 'node:test';
import { cliEntry } from '../support/cli.js';

const SYSTEM_NODE = '/usr/bin/node';

describe('the entry checks the Node version first', () => {
  it('Node < 22: one line naming bin/ltop and npm start, exit 2', async () => {
    const version = await execa(SYSTEM_NODE, ['--version']);
    assert.ok(Number(version.stdout.slice(1).split('.')[0]) < 22, `this test needs an older Node at ${SYSTEM_NODE}: ${version.stdout}`);
    const result = await execa(SYSTEM_NODE, [cliEntry, '--help'], { reject: false });
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /^ltop needs Node 22 or later; run bin\/ltop or npm start/);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });

  it('Node 22 (the one the project brings) runs it', async () => {
    const result = await execa(process.execPath, [cliEntry, '--version'], { reject: false });
    assert.equal(result.exitCode, 0, result.stderr);
  });
});
