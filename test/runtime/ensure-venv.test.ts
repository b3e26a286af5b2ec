// scripts/ensure-locust.sh and ensure-venv.sh, for real: python3 -m venv + pip from PyPI, no root.
// Each failure is one line naming what is missing and what to run, exit 2, nothing left behind.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot } from '../support/cli.js';

const ensureVenv = path.join(repoRoot, 'scripts', 'ensure-venv.sh');
const ensureLocust = path.join(repoRoot, 'scripts', 'ensure-locust.sh');
const work = mkdtempSync(path.join(tmpdir(), 'ltop-venv-'));
after(() => rmSync(work, { recursive: true, force: true }));

function run(script: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const clean = { ...process.env };
  for (const key of Object.keys(clean)) if (key.startsWith('LTOP_') || key.startsWith('PIP_')) delete clean[key];
  return execa('sh', [script, ...args], { env: { ...clean, ...env }, reject: false, cwd: repoRoot, stdin: 'ignore', timeout: 170_000 });
}

/** A python3 stand-in answering the script's probes: `version` for sys.version_info, and whether venv imports. */
function fakePython(name: string, version: string, hasVenv: boolean): string {
  const file = path.join(work, name);
  writeFileSync(
    file,
    `#!/bin/sh\ncase "$2" in\n  *print*) echo ${version} ;;\n  *'sys.exit(sys.version_info'*) exit ${Number(version.split('.')[1]) >= 11 ? 0 : 1} ;;\n  *ensurepip*) ${hasVenv ? 'exit 0' : 'exit 1'} ;;\n  *) exit 1 ;;\nesac\n`,
  );
  chmodSync(file, 0o755);
  return file;
}

// A lock of one tiny package, hashed like the real ones, so the install/skip/redo cycle stays fast.
const tinyLock = path.join(work, 'tiny.txt');
writeFileSync(
  tinyLock,
  'six==1.17.0 \\\n    --hash=sha256:4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274 \\\n    --hash=sha256:ff70335d468e7eb6ec65b95b99d3a2836546063f63acc5171de367e834932a81\n',
);

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line: ${stderr}`);
  return lines[0]!;
}

describe('the project venv (scripts/ensure-venv.sh)', () => {
  it('Python missing: says so and what to set, exit 2, no venv', async () => {
    const venv = path.join(work, 'none');
    const result = await run(ensureVenv, [venv, tinyLock, 'Locust 2.47.0'], { LTOP_PYTHON: path.join(work, 'no-such-python3') });
    assert.equal(result.exitCode, 2);
    assert.match(oneLine(result.stderr), /needs Python 3\.11 or later, and .*no-such-python3 was not found: install Python 3\.11\+ .*LTOP_PYTHON=/);
    assert.equal(existsSync(venv), false);
  });

  it('Python too old: names the version found and the one needed, exit 2, no venv', async () => {
    const venv = path.join(work, 'old');
    const result = await run(ensureVenv, [venv, tinyLock, 'Locust 2.47.0'], { LTOP_PYTHON: fakePython('python3.9', '3.9.2', true) });
    assert.equal(result.exitCode, 2);
    assert.match(oneLine(result.stderr), /Locust 2\.47\.0 needs Python 3\.11 or later, and .*python3\.9 is 3\.9\.2/);
    assert.equal(existsSync(venv), false);
  });

  it("venv missing (Debian's python3-venv): names the package, exit 2, no venv", async () => {
    const venv = path.join(work, 'novenv');
    const result = await run(ensureVenv, [venv, tinyLock, 'Locust 2.47.0'], { LTOP_PYTHON: fakePython('python3.11', '3.11.2', false) });
    assert.equal(result.exitCode, 2);
    assert.match(oneLine(result.stderr), /has no venv module: install it \(Debian\/Ubuntu: apt-get install python3-venv\)/);
    assert.equal(existsSync(venv), false);
  });

  it('PyPI unreachable: says so, exit 2, and the half-made venv is removed', async () => {
    const venv = path.join(work, 'offline');
    const result = await run(ensureVenv, [venv, tinyLock, 'Locust 2.47.0'], {
      PIP_INDEX_URL: 'http://127.0.0.1:9/simple',
      PIP_RETRIES: '0',
      PIP_TIMEOUT: '2',
    });
    assert.equal(result.exitCode, 2, result.stderr);
    const lines = result.stderr.trim().split('\n');
    assert.match(lines.at(-1)!, /^ltop: cannot reach PyPI to install Locust 2\.47\.0 \(.*\): check the network or proxy/);
    assert.equal(existsSync(venv), false, 'nothing half-installed');
  });

  it('installs the lock with hashes, skips when the venv matches it, and redoes it when the lock changes', async () => {
    const venv = path.join(work, 'tiny');
    const first = await run(ensureVenv, [venv, tinyLock, 'six']);
    assert.equal(first.exitCode, 0, first.stderr);
    assert.equal((await execa(path.join(venv, 'bin', 'python'), ['-c', 'import six; print(six.__version__)'])).stdout, '1.17.0');

    const marker = path.join(venv, 'marker');
    writeFileSync(marker, 'kept while the lock is unchanged');
    const second = await run(ensureVenv, [venv, tinyLock, 'six']);
    assert.equal(second.exitCode, 0);
    assert.equal(second.stderr, '', 'a matching venv is left alone, silently');
    assert.equal(existsSync(marker), true);

    writeFileSync(tinyLock, `${readFileSync(tinyLock, 'utf8')}# pin changed\n`);
    const third = await run(ensureVenv, [venv, tinyLock, 'six']);
    assert.equal(third.exitCode, 0, third.stderr);
    assert.equal(existsSync(marker), false, 'a changed lock rebuilds the venv from scratch');
  });

  it('the repository venv matches the pin: ensure-locust.sh does nothing, and its Locust is the pinned one', async () => {
    const result = await run(ensureLocust, []);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stderr, '');
    const pin = /^locust==(\S+)/m.exec(readFileSync(path.join(repoRoot, 'runtime', 'requirements.in'), 'utf8'))![1];
    const version = await execa(path.join(repoRoot, 'runtime', '.venv', 'bin', 'locust'), ['--version']);
    assert.match(version.stdout, new RegExp(`^locust ${pin!.replaceAll('.', '\\.')} `));
  });

  it('ltop itself starts nothing with sudo or apt-get', () => {
    for (const file of ['scripts/ensure-locust.sh', 'scripts/ensure-venv.sh', 'bin/ltop']) {
      // advice inside a message may name apt-get; no line may run it (or sudo)
      assert.doesNotMatch(readFileSync(path.join(repoRoot, file), 'utf8'), /^\s*(\$sudo|sudo|apt-get)\b|(&&|\|\||;)\s*(sudo|apt-get)\b/m, file);
    }
    const scripts = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).scripts as Record<string, string>;
    assert.doesNotMatch(scripts['start']!, /sudo|apt-get/);
  });
});
