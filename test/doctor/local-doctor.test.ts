// `ltop doctor` on the local platform: which Locust it found, its version, and a warning (not a
// failure) when it is not the pinned one the image and k8s/ run.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { pinnedLocustVersion, venvDir } from '../../src/platforms/local/locust-binary.js';
import { ltop } from '../support/cli.js';

const work = mkdtempSync(path.join(tmpdir(), 'ltop-doctor-'));
after(() => rmSync(work, { recursive: true, force: true }));

describe('ltop doctor (local)', () => {
  it('names the venv Locust and its version, which is the pin: all green, exit 0', async () => {
    const result = await ltop(['doctor'], { env: { ...process.env, LTOP_LOCUST: '' } });
    assert.equal(result.exitCode, 0, result.stdout + result.stderr);
    const line = result.stdout.split('\n').find((l) => /^. locust /.test(l));
    assert.equal(line, `✓ locust                   ${path.join(venvDir({}), 'bin', 'locust')} (locust ${pinnedLocustVersion()})`);
    assert.doesNotMatch(result.stdout, /warning:/);
  });

  it('warns when LTOP_LOCUST is another version, and still passes', async () => {
    const old = path.join(work, 'locust');
    writeFileSync(old, '#!/bin/sh\necho "locust 2.12.1"\n');
    chmodSync(old, 0o755);
    const result = await ltop(['doctor'], { env: { ...process.env, LTOP_LOCUST: old } });
    assert.equal(result.exitCode, 0, result.stdout + result.stderr);
    assert.match(result.stdout, new RegExp(`^! locust +${old.replaceAll('/', '\\/')} \\(locust 2\\.12\\.1\\)\\n  warning: not the pinned Locust ${pinnedLocustVersion().replaceAll('.', '\\.')}`, 'm'));
  });
});
