// FilterLogEvents polling: the fallback when Live Tail is unavailable, and the whole of
// `ltop logs` without --follow. A startTime cursor that trails the newest event by a lag window
// (CloudWatch may ingest an event seconds after its timestamp), de-duplication by eventId inside
// that window, nextToken pagination, requests paced under the 5/s quota, exponential backoff on
// ThrottlingException.

import { setTimeout as delay } from 'node:timers/promises';
import { FilterLogEventsCommand, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchLogsApi } from './client.js';
import { RequestPacer, backoffMs, isThrottling } from './pace.js';

export interface FilterPollerOptions {
  readonly client: CloudWatchLogsApi;
  readonly logGroupName: string;
  readonly filterPattern?: string;
  /** epoch ms of the oldest event wanted */
  readonly startTime: number;
  /** events per page (FilterLogEvents allows up to 10,000) */
  readonly limit?: number;
  /** how far behind the newest event each poll starts again, for late-ingested events */
  readonly lagMs?: number;
  readonly pacer?: RequestPacer;
  /** a throttled request waits backoffMs(attempt, this) before its retry */
  readonly backoffBaseMs?: number;
  readonly onThrottled?: (waitMs: number) => void;
}

export interface PollStats {
  requests: number;
  throttled: number;
  duplicates: number;
}

export class FilterLogEventsPoller {
  private cursor: number;
  private newest: number;
  /** eventId -> timestamp, for events at or after the cursor */
  private readonly seen = new Map<string, number>();
  readonly stats: PollStats = { requests: 0, throttled: 0, duplicates: 0 };
  private readonly pacer: RequestPacer;

  constructor(private readonly opts: FilterPollerOptions) {
    this.cursor = opts.startTime;
    this.newest = opts.startTime;
    // 4/s leaves a fifth of the account's quota to whoever else reads its logs
    this.pacer = opts.pacer ?? new RequestPacer(4);
  }

  /** the newest event time delivered so far (epoch ms) */
  get newestTimestamp(): number {
    return this.newest;
  }

  /** One poll: every page from the cursor on, new events only, oldest first. */
  async poll(signal?: AbortSignal): Promise<FilteredLogEvent[]> {
    const fresh: FilteredLogEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.page(nextToken, signal);
      for (const ev of page.events ?? []) {
        const id = ev.eventId ?? `${ev.logStreamName}|${ev.timestamp}|${ev.message}`;
        if (this.seen.has(id)) {
          this.stats.duplicates++;
          continue;
        }
        this.seen.set(id, ev.timestamp ?? 0);
        fresh.push(ev);
        this.newest = Math.max(this.newest, ev.timestamp ?? 0);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    this.cursor = Math.max(this.cursor, this.newest - (this.opts.lagMs ?? 30_000));
    for (const [id, at] of this.seen) if (at < this.cursor) this.seen.delete(id);
    return fresh.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
  }

  private async page(nextToken: string | undefined, signal?: AbortSignal): Promise<{ events?: FilteredLogEvent[]; nextToken?: string }> {
    for (let attempt = 0; ; attempt++) {
      await this.pacer.take(signal);
      this.stats.requests++;
      try {
        return await this.opts.client.send(
          new FilterLogEventsCommand({
            logGroupName: this.opts.logGroupName,
            startTime: this.cursor,
            ...(this.opts.filterPattern ? { filterPattern: this.opts.filterPattern } : {}),
            ...(this.opts.limit ? { limit: this.opts.limit } : {}),
            ...(nextToken ? { nextToken } : {}),
          }),
          signal ? { abortSignal: signal } : {},
        );
      } catch (err) {
        if (!isThrottling(err) || signal?.aborted) throw err;
        this.stats.throttled++;
        const wait = backoffMs(attempt, this.opts.backoffBaseMs);
        this.opts.onThrottled?.(wait);
        await delay(wait, undefined, { signal });
      }
    }
  }
}
