// Wait on a condition with a bound: the only kind of waiting ltop does (tests use it too,
// through test/support/wait.ts).
import { setTimeout as delay } from 'node:timers/promises';

export class WaitTimeout extends Error {}

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  readonly what: string;
  readonly signal?: AbortSignal;
  /** a probe that throws counts as "not yet" (its last error is named on timeout) */
  readonly ignoreErrors?: boolean;
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  let last: unknown;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      if (!options.ignoreErrors) throw error;
      last = error;
    }
    if (Date.now() >= deadline) {
      throw new WaitTimeout(`timed out after ${options.timeoutMs < 1000 ? `${options.timeoutMs} ms` : `${Math.round(options.timeoutMs / 1000)} s`} waiting for ${options.what}${last ? ` (last error: ${String(last)})` : ''}`);
    }
    await delay(interval, undefined, { signal: options.signal });
  }
}
