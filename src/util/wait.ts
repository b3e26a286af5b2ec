// Wait on a condition with a bound: the only kind of waiting ltop does.
import { setTimeout as delay } from 'node:timers/promises';

export class WaitTimeout extends Error {}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: { timeoutMs: number; intervalMs?: number; what: string; signal?: AbortSignal },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  for (;;) {
    options.signal?.throwIfAborted();
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() >= deadline) throw new WaitTimeout(`timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${options.what}`);
    await delay(interval, undefined, { signal: options.signal });
  }
}
