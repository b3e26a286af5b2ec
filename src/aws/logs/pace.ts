// Keeping FilterLogEvents inside its quota (5 requests/s per account and region, shared with
// anything else the account runs): requests are spaced, and throttling backs off exponentially.

import { setTimeout as delay } from 'node:timers/promises';

/** Spaces calls at least 1/rate apart. One per process is enough: ltop tails one group. */
export class RequestPacer {
  private next = 0;
  constructor(private readonly perSecond: number) {}

  async take(signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + 1000 / this.perSecond;
    if (at > now) await delay(at - now, undefined, { signal });
  }
}

/** An error CloudWatch (or the SDK after its own retries) reports as throttling. */
export function isThrottling(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.name === 'ThrottlingException' || e?.name === 'TooManyRequestsException' || e?.$metadata?.httpStatusCode === 429;
}

/** attempt 0 -> base, doubling, capped; the caller resets after a success. */
export const backoffMs = (attempt: number, baseMs = 500, maxMs = 16_000): number => Math.min(maxMs, baseMs * 2 ** attempt);
