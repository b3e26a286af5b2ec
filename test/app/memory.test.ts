import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { recallLastSwarm, rememberLastSwarm } from '../../src/app/memory.js';

describe('what ltop remembers between runs', () => {
  it('the last swarm\'s users and spawn rate come back next time; an unwritable place is not fatal', () => {
    const previous = process.env['LTOP_STATE_DIR'];
    try {
      const dir = mkdtempSync(path.join(tmpdir(), 'ltop-state-'));
      writeFileSync(path.join(dir, 'a-file'), '');
      process.env['LTOP_STATE_DIR'] = path.join(dir, 'state');
      assert.equal(recallLastSwarm(), undefined);
      rememberLastSwarm({ users: 42, spawnRate: 7 });
      assert.deepEqual(recallLastSwarm(), { users: 42, spawnRate: 7 });
      process.env['LTOP_STATE_DIR'] = path.join(dir, 'a-file', 'state'); // under a file: cannot be created
      assert.doesNotThrow(() => rememberLastSwarm({ users: 1, spawnRate: 1 }));
      assert.equal(recallLastSwarm(), undefined);
    } finally {
      if (previous === undefined) delete process.env['LTOP_STATE_DIR'];
      else process.env['LTOP_STATE_DIR'] = previous;
    }
  });
});
