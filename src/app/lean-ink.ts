// Ink 8 takes one function, `throttle`, from the barrel 'es-toolkit/compat', which loads all of
// es-toolkit's 400-odd compat modules (~5 MB of the cockpit's resident set, npm run bench). This
// resolve hook hands Ink the same es-toolkit throttle from its own module. Registered before the
// cockpit (and so Ink) is imported; nothing else is redirected, and es-toolkit itself is unchanged.
import { registerHooks } from 'node:module';

let registered = false;

export function leanInk(): void {
  if (registered) return;
  registered = true;
  registerHooks({
    resolve(specifier, context, next) {
      if (specifier !== 'es-toolkit/compat' || !context.parentURL?.includes('/node_modules/ink/')) return next(specifier, context);
      const throttle = next('es-toolkit/compat/throttle', context).url;
      return { url: `data:text/javascript,export { default as throttle } from ${JSON.stringify(throttle)};`, shortCircuit: true };
    },
  });
}
