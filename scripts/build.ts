// npm run build: ltop as users run it. esbuild bundles the CLI and the demo target into dist/,
// split at dynamic imports (the AWS SDK, Kubernetes client and the cockpit load only when used).
// One bundle instead of ~900 files keeps ~10 MB off the cockpit's resident set (npm run
// bench); the types are checked by `npm run typecheck`, which esbuild does not do.
// Ink's three redirects (src/app/lean-ink.ts) are applied here, as the bundle has no module
// resolution at run time for resolve hooks to act on.
import * as esbuild from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
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

rmSync(dist, { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints: { cli: path.join(root, 'src', 'cli.ts'), 'demo/main': path.join(root, 'src', 'demo', 'main.ts') },
  outdir: dist,
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
writeFileSync(path.join(dist, 'meta.json'), JSON.stringify(result.metafile));
