// Wait for a condition with a bound, in tests: never a bare sleep. The same helper as ltop's
// own (src/util/wait.ts); a probe that throws means "not yet".
import { waitFor } from '../../src/util/wait.js';

export function eventually<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, timeoutMs = 5000, intervalMs = 20): Promise<T> {
  return waitFor(probe, { timeoutMs, intervalMs, what, ignoreErrors: true });
}
