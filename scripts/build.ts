// npm run build: ltop as users run it. esbuild bundles the CLI and the demo target into dist/,
// split at dynamic imports (the AWS SDK, Kubernetes client and the cockpit load only when used).
// One bundle instead of ~900 files keeps ~10 MB off the cockpit's resident set (npm run
// bench); the types are checked by `npm run typecheck`, which esbuild does not do.
// Ink's three redirects (src/app/lean-ink.ts) are applied here, as the bundle has no module
// resolution at run time for resolve hooks to act on.
import * as esbuild from 'esbuild';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { leanInkRedirect } from '../src/app/lean-ink.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const helpers = { memo: path.join(root, 'src', 'render', 'memo-text.ts'), narrow: path.join(root, 'src', 'render', 'narrow-text.ts') };

const leanInk: esbuild.Plugin = {
  name: 'lean-ink',
  setup(build) {
    build.onResolve({ filter: /^(es-toolkit\/compat|string-width|@alcalzone\/ansi-tokenize)$/ }, async (args) => {
      const redirect = leanInkRedirect(args.path, args.importer);
      if (!redirect) return undefined;
      const real = await build.resolve(redirect.real, { resolveDir: args.resolveDir, kind: args.kind });
      if (real.errors.length > 0) return { errors: real.errors };
      // one replacement per real module, whoever imports it
      return { path: real.path, namespace: 'lean-ink', pluginData: redirect.source(real.path, helpers) };
    });
    build.onLoad({ filter: /.*/, namespace: 'lean-ink' }, (args) => ({ contents: args.pluginData as string, resolveDir: root, loader: 'js' }));
  },
};

// Built beside dist/ and moved in, never rebuilt in place: `npm start` builds on every start, and
// another ltop may be running from dist/ meanwhile, loading its chunks as it needs them.
const staging = mkdtempSync(path.join(root, '.dist-'));
process.on('exit', () => rmSync(staging, { recursive: true, force: true }));
const result = await esbuild.build({
  entryPoints: { cli: path.join(root, 'src', 'cli.ts'), 'demo/main': path.join(root, 'src', 'demo', 'main.ts') },
  outdir: staging,
  entryNames: '[dir]/[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // React and its reconciler pick their build from NODE_ENV when they load: users get production
  define: { 'process.env.NODE_ENV': '"production"' },
  // CommonJS packages inside an ES module bundle still call require() for Node's builtins
  banner: { js: "import { createRequire as ltopCreateRequire } from 'node:module'; const require = ltopCreateRequire(import.meta.url);" },
  // loaded from node_modules as installed: native addons and wasm found beside their own files,
  // and Ink's optional devtools (only with DEV=true)
  external: ['zeromq', '@cdktf/hcl2json', 'react-devtools-core'],
  plugins: [leanInk],
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(path.join(staging, 'meta.json'), JSON.stringify(result.metafile));

// Chunks first, entries last: chunk names are content hashes, so a running ltop still finds its
// own, and one starting now finds every chunk its entry names. Chunks no build has named for a
// day go, and so does whatever else an older build left (the unbundled dist/ of tsc).
const chunks = path.join(dist, 'chunks');
mkdirSync(chunks, { recursive: true });
const built = new Set(readdirSync(path.join(staging, 'chunks')));
for (const chunk of built) renameSync(path.join(staging, 'chunks', chunk), path.join(chunks, chunk));
const DAY_MS = 24 * 3600 * 1000;
for (const chunk of readdirSync(chunks)) {
  if (!built.has(chunk) && statSync(path.join(chunks, chunk)).mtimeMs < Date.now() - DAY_MS) rmSync(path.join(chunks, chunk), { force: true });
}
const entries = ['cli.js', path.join('demo', 'main.js'), 'meta.json'];
for (const entry of entries) {
  mkdirSync(path.dirname(path.join(dist, entry)), { recursive: true });
  renameSync(path.join(staging, entry), path.join(dist, entry));
}
for (const leftover of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
  const file = path.join(dist, leftover);
  if (leftover === 'chunks' || leftover.startsWith(`chunks${path.sep}`) || entries.some((entry) => entry === leftover || entry.startsWith(`${leftover}${path.sep}`))) continue;
  rmSync(file, { recursive: true, force: true });
}
