// Two resolve hooks for Ink's dependencies, registered before the cockpit (and so Ink) is
// imported; nothing else is redirected, and the packages themselves are unchanged.
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

let registered = false;

/** the packages whose own string-width calls are Ink's: it measures through them */
const MEASURES_FOR_INK = ['/node_modules/ink/', '/node_modules/widest-line/', '/node_modules/cli-truncate/', '/node_modules/wrap-ansi/'];
const memo = import.meta.resolve('../render/memo-text.js');
const narrow = import.meta.resolve('../render/narrow-text.js');

const module = (source: string): { url: string; shortCircuit: true } => ({ url: `data:text/javascript,${encodeURIComponent(source)}`, shortCircuit: true });

export function leanInk(): void {
  if (registered) return;
  registered = true;
  registerHooks({
    resolve(specifier, context, next) {
      const parent = context.parentURL ?? '';
      if (specifier === 'es-toolkit/compat' && parent.includes('/node_modules/ink/')) {
        const throttle = next('es-toolkit/compat/throttle', context).url;
        return module(`export { default as throttle } from ${JSON.stringify(throttle)};`);
      }
      if (specifier === 'string-width' && MEASURES_FOR_INK.some((dir) => parent.includes(dir))) {
        const real = next(specifier, context).url;
        // options change the answer: only the one-argument call is remembered
        return module(`import stringWidth from ${JSON.stringify(real)}; import { memoizeText } from ${JSON.stringify(memo)}; import { narrowWidth } from ${JSON.stringify(narrow)}; const remembered = memoizeText('string-width', (text) => narrowWidth(text) ?? stringWidth(text), 1024); export default (text, options) => (options === undefined && typeof text === 'string' ? remembered(text) : stringWidth(text, options));`);
      }
      if (specifier === '@alcalzone/ansi-tokenize' && parent.includes('/node_modules/ink/')) {
        const real = next(specifier, context).url;
        return module(`export * from ${JSON.stringify(real)}; import { tokenize as tokenizeEach } from ${JSON.stringify(real)}; import { memoizeText } from ${JSON.stringify(memo)}; import { narrowTokenizer } from ${JSON.stringify(narrow)}; export const tokenize = memoizeText('tokenize', narrowTokenizer(tokenizeEach, memoizeText('tokenize-code', tokenizeEach, 64)), 128);`);
      }
      return next(specifier, context);
    },
  });
}
