// Polls the Locust master no faster than its 2 s stats cache, one request at a time.
import type { LocustClient } from '../locust/client.js';
import type { Event } from '../state/events.js';

export const LOCUST_CACHE_MS = 2000;

export class LocustPoller {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly client: LocustClient,
    private readonly dispatch: (event: Event) => void,
    private readonly intervalMs = LOCUST_CACHE_MS,
  ) {}

  start(): void {
    this.stopped = false;
    void this.tick();
  }

  private async tick(): Promise<void> {
    try {
      this.dispatch({ type: 'locust/snapshot', snapshot: await this.client.snapshot() });
    } catch (error) {
      this.dispatch({ type: 'locust/unreachable', message: error instanceof Error ? error.message : String(error), at: Date.now() });
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), Math.max(this.intervalMs, LOCUST_CACHE_MS));
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
