// What Ink, and the packages it measures with, get instead of three of their imports; nothing
// else is redirected, and the packages themselves are unchanged. The build (scripts/build.ts)
// applies these redirects when it bundles ltop; leanInk() applies the same ones as resolve hooks
// where Ink runs unbundled (bench:frame, the test that compares frames with and without them).
// - Ink 8 takes one function, `throttle`, from the barrel 'es-toolkit/compat', which loads all
//   of es-toolkit's 400-odd compat modules (~5 MB of the cockpit's resident set, npm run bench):
//   Ink gets the same es-toolkit throttle from its own module.
// - Ink lays out and draws the whole screen on every frame, measuring (string-width) and
//   tokenizing (@alcalzone/ansi-tokenize) each line again although most lines are the same as a
//   frame ago: Ink and the packages it measures with get the same functions, remembered across
//   frames (src/render/memo-text.ts), and lines of SGR codes and narrow characters, most of a
//   screen, are answered without Intl.Segmenter (src/render/narrow-text.ts). All of them are pure
//   functions of the string with the packages' own answers; npm run bench:frame.
import { registerHooks } from 'node:module';

/** the packages whose own string-width calls are Ink's: it measures through them */
const MEASURES_FOR_INK = ['/node_modules/ink/', '/node_modules/widest-line/', '/node_modules/cli-truncate/', '/node_modules/wrap-ansi/'];

/** Where the replacement modules import ltop's helpers from (URLs for hooks, paths for the bundler). */
export interface LeanHelpers {
  readonly memo: string;
  readonly narrow: string;
}

export interface LeanRedirect {
  /** the specifier of the real module the replacement wraps, resolved from the same importer */
  readonly real: string;
  /** the replacement module's source, given where the real module and the helpers are */
  source(real: string, helpers: LeanHelpers): string;
}

const quote = JSON.stringify;

/** The replacement for `specifier` imported from `importer` (a path or URL), or null to leave it alone. */
export function leanInkRedirect(specifier: string, importer: string): LeanRedirect | null {
  if (specifier === 'es-toolkit/compat' && importer.includes('/node_modules/ink/')) {
    return { real: 'es-toolkit/compat/throttle', source: (real) => `export { default as throttle } from ${quote(real)};` };
  }
  if (specifier === 'string-width' && MEASURES_FOR_INK.some((dir) => importer.includes(dir))) {
    // options change the answer: only the one-argument call is remembered
    return {
      real: specifier,
      source: (real, { memo, narrow }) =>
        `import stringWidth from ${quote(real)}; import { memoizeText } from ${quote(memo)}; import { narrowWidth } from ${quote(narrow)}; const remembered = memoizeText('string-width', (text) => narrowWidth(text) ?? stringWidth(text), 1024); export default (text, options) => (options === undefined && typeof text === 'string' ? remembered(text) : stringWidth(text, options));`,
    };
  }
  if (specifier === '@alcalzone/ansi-tokenize' && importer.includes('/node_modules/ink/')) {
    return {
      real: specifier,
      source: (real, { memo, narrow }) =>
        `export * from ${quote(real)}; import { tokenize as tokenizeEach } from ${quote(real)}; import { memoizeText } from ${quote(memo)}; import { narrowTokenizer } from ${quote(narrow)}; export const tokenize = memoizeText('tokenize', narrowTokenizer(tokenizeEach, memoizeText('tokenize-code', tokenizeEach, 64)), 128);`,
    };
  }
  return null;
}

let registered = false;

/** The redirects as resolve hooks, for Ink imported after this call in this process. */
export function leanInk(): void {
  if (registered) return;
  registered = true;
  const helpers: LeanHelpers = { memo: import.meta.resolve('../render/memo-text.js'), narrow: import.meta.resolve('../render/narrow-text.js') };
  registerHooks({
    resolve(specifier, context, next) {
      const redirect = leanInkRedirect(specifier, context.parentURL ?? '');
      if (!redirect) return next(specifier, context);
      const source = redirect.source(next(redirect.real, context).url, helpers);
      return { url: `data:text/javascript,${encodeURIComponent(source)}`, shortCircuit: true };
    },
  });
}
