// The resolve hooks of src/app/lean-ink.ts with the Ink this project installs: Ink measures and
// tokenizes through the remembered functions (hits, so the hook still finds Ink's imports after
// an upgrade), and the cockpit's frames are the same characters with and without them.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/cli.js';

interface Drawn {
  readonly frames: readonly string[];
  readonly memos: Record<string, { hits: number; misses: number }>;
}

async function draw(lean: boolean): Promise<Drawn> {
  const child = await execa(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test', 'cockpit', 'lean-ink-frames.tsx')], { cwd: repoRoot, env: { LEAN: lean ? '1' : '0', NODE_ENV: 'production', FORCE_COLOR: '3' } });
  return JSON.parse(child.stdout) as Drawn;
}

describe('Ink with remembered measuring and tokenizing', () => {
  it('Ink goes through the memos, mostly hits once the screen is drawn, and every frame is the same as without them', async () => {
    const [lean, plain] = await Promise.all([draw(true), draw(false)]);
    for (const name of ['string-width', 'tokenize']) {
      const stats = lean.memos[name];
      assert.ok(stats, `the ${name} memo is in use: ${JSON.stringify(lean.memos)}`);
      assert.ok(stats.hits > stats.misses, `${name}: more hits than misses over 12 polls: ${JSON.stringify(stats)}`);
    }
    assert.deepEqual(plain.memos, {}, 'without the hooks nothing is remembered');
    assert.equal(lean.frames.length, 12);
    assert.ok(lean.frames.every((frame) => frame.includes('Throughput')), 'the charts are drawn');
    assert.deepEqual(lean.frames, plain.frames);
  });
});
