// Imports point one way (STYLE.md): views and state never reach a platform, platforms never
// reach the CLI, and only the composition root (src/app) knows them all.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/cli.js';

function sources(dir: string): string[] {
  return readdirSync(path.join(repoRoot, 'src', dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => path.join('src', dir, file));
}

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  return [...text.matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)].map((match) => path.normalize(path.join(path.dirname(file), match[1]!)));
}

const RULES: [string, string][] = [
  ['state', 'src/platforms'],
  ['render', 'src/platforms'],
  ['platforms', 'src/cli'],
  ['platforms', 'src/app'],
  ['session', 'src/app'],
  ['session', 'src/cli'],
  ['domain', 'src/platforms'],
];

describe('layers', () => {
  for (const [from, forbidden] of RULES) {
    it(`src/${from} does not import ${forbidden}`, () => {
      const offenders = sources(from).flatMap((file) => importsOf(file).filter((target) => target.startsWith(forbidden)).map((target) => `${file} -> ${target}`));
      assert.deepEqual(offenders, []);
    });
  }
});
