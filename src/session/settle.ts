// After a stop, the workers' last statistics are still on their way: Locust workers report
// every WORKER_REPORT_INTERVAL (3 s, locust/runners.py) and send no report of their own on
// "stop", so the master's totals grow once more up to 3 s after it says "stopped". Wait for
// that report before saving, with a bound. Totals are read from /stats/requests/csv, which
// the master computes on every request (the JSON is cached for 2 s and would hide a change).
import type { LocustClient } from '../locust/client.js';
import type { LocustSnapshot } from '../locust/snapshot.js';
import { readRequestsCsv } from '../report/requests-csv.js';
import { waitFor, WaitTimeout } from '../util/wait.js';

export const WORKER_REPORT_INTERVAL_MS = 3000;
const STILL_MOVING = new Set(['running', 'spawning', 'stopping', 'cleanup']);

export interface SettleOptions {
  readonly timeoutMs?: number;
  /** how long the totals must stay still once the master has stopped */
  readonly quietMs?: number;
  readonly pollMs?: number;
  readonly onSnapshot?: (snapshot: LocustSnapshot) => void;
  readonly now?: () => number;
}

/** Resolves true once the master has stopped and its totals took a full report interval without change; false at the bound. */
export async function settleFinalReport(client: LocustClient, options: SettleOptions = {}): Promise<boolean> {
  const now = options.now ?? Date.now;
  const quietMs = options.quietMs ?? WORKER_REPORT_INTERVAL_MS + 1000;
  let stoppedSince: number | null = null;
  let lastKey = '';
  let changedAt = now();
  try {
    await waitFor(
      async () => {
        const [snapshot, csv] = await Promise.all([client.snapshot(), client.requestsCsv()]);
        options.onSnapshot?.(snapshot);
        const total = readRequestsCsv(csv).total;
        const key = `${total?.requests ?? 0}/${total?.failures ?? 0}`;
        const at = now();
        if (key !== lastKey) {
          lastKey = key;
          changedAt = at;
        }
        if (STILL_MOVING.has(snapshot.state)) stoppedSince = null;
        else stoppedSince ??= at;
        return stoppedSince !== null && at - Math.max(stoppedSince, changedAt) >= quietMs;
      },
      { timeoutMs: options.timeoutMs ?? 20000, intervalMs: options.pollMs ?? 250, what: "the workers' final statistics" },
    );
    return true;
  } catch (error) {
    if (error instanceof WaitTimeout) return false;
    throw error;
  }
}
