// `npm ci` then `npx ltop` needs no separate build step (issue 8, item 18): npm runs `prepare`
// after every install from a clone, and the bin runs what it built under the project's Node.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/cli.js';

describe('installing from a clone builds ltop', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };

  it('prepare builds dist/, which the bin runs', () => {
    assert.match(pkg.scripts['prepare'] ?? '', /npm run build/);
    assert.match(readFileSync(path.join(repoRoot, pkg.bin['ltop']!), 'utf8'), /dist\/cli\.js/);
  });

  it('the bin runs under the Node the project brings, whatever node is on PATH', async () => {
    const result = await execa(path.join(repoRoot, pkg.bin['ltop']!), ['--version'], { reject: false, env: { PATH: '/usr/bin:/bin' } });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout.trim(), '0.1.0');
  });
});
