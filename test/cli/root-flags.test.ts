// `ltop --results-dir X run …`: flags typed before the command reach it (a user found the
// results in ./ltop-results instead of X). Real headless run, real Locust, the demo target.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ltop } from '../support/cli.js';

describe('flags before the command', () => {
  it('ltop --results-dir X run --headless writes its results under X', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ltop-rootflags-'));
    try {
      const results = path.join(dir, 'results');
      const run = await ltop(['--results-dir', results, '--users', '2', 'run', '--headless', '--duration', '3s'], { cwd: dir, timeoutMs: 120_000 });
      assert.equal(run.exitCode, 0, run.stderr);
      const folders = readdirSync(results);
      assert.equal(folders.length, 1, folders.join(', '));
      assert.ok(existsSync(path.join(results, folders[0]!, 'summary.json')));
      assert.equal(existsSync(path.join(dir, 'ltop-results')), false, 'nothing in ./ltop-results');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
