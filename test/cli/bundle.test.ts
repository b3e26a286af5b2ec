// What `npm run build` bundles (dist/meta.json, esbuild's own account of the build): Ink gets
// the lean modules of src/app/lean-ink.ts, and the local cockpit loads neither the AWS SDK nor
// the Kubernetes client, which stay behind dynamic imports until a platform asks for them.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/cli.js';

interface Output {
  readonly entryPoint?: string;
  readonly inputs: Record<string, unknown>;
  readonly imports: readonly { readonly path: string; readonly kind: string }[];
}
const meta = JSON.parse(readFileSync(path.join(repoRoot, 'dist', 'meta.json'), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, Output> };

/** every input in `output` and the chunks it imports statically (what loading it loads) */
function loadedWith(output: string): Set<string> {
  const inputs = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const chunk = meta.outputs[file];
    if (!chunk) return;
    for (const input of Object.keys(chunk.inputs)) inputs.add(input);
    for (const imported of chunk.imports) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(output);
  return inputs;
}

const outputOf = (entryPoint: string): string => {
  const found = Object.entries(meta.outputs).find(([, output]) => output.entryPoint === entryPoint);
  assert.ok(found, `${entryPoint} is bundled`);
  return found[0];
};

describe('the bundle', () => {
  it("Ink's string-width, tokenize and throttle are the lean modules, and es-toolkit's compat barrel is left out", () => {
    const lean = Object.keys(meta.inputs).filter((input) => input.startsWith('lean-ink:'));
    for (const wrapped of ['node_modules/string-width/', 'node_modules/@alcalzone/ansi-tokenize/', 'node_modules/es-toolkit/']) {
      assert.ok(lean.some((input) => input.includes(wrapped)), `${wrapped} is wrapped: ${lean.join(', ')}`);
    }
    assert.ok(!Object.keys(meta.inputs).some((input) => input.endsWith('node_modules/es-toolkit/dist/compat/index.mjs')));
  });

  it('the cockpit on the local platform loads neither the AWS SDK nor the Kubernetes client', () => {
    const cockpit = loadedWith(outputOf('src/app/cockpit.tsx'));
    const main = loadedWith(outputOf('src/app/main.tsx'));
    assert.ok([...cockpit].some((input) => input.includes('node_modules/ink/')), 'Ink is in what the cockpit loads');
    assert.ok([...cockpit].some((input) => input.includes('src/platforms/local/')), 'the local platform is in what the cockpit loads');
    for (const input of [...cockpit, ...main]) assert.doesNotMatch(input, /node_modules\/(@aws-sdk|@smithy|@kubernetes)\//);
  });

  it('a build while ltop runs from dist/ removes none of the chunks it may still load (npm start builds on every start)', async () => {
    const chunks = path.join(repoRoot, 'dist', 'chunks');
    const before = readdirSync(chunks);
    const build = await execa(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'build.ts')], { cwd: repoRoot, reject: false });
    assert.equal(build.exitCode, 0, build.stderr);
    const after = new Set(readdirSync(chunks));
    assert.deepEqual(before.filter((chunk) => !after.has(chunk)), []);
    assert.ok(existsSync(path.join(repoRoot, 'dist', 'cli.js')) && existsSync(path.join(repoRoot, 'dist', 'demo', 'main.js')));
    assert.deepEqual(readdirSync(repoRoot).filter((entry) => entry.startsWith('.dist-')), [], 'no staging folder left');
  });
});
