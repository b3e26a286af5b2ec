// Tail a CloudWatch log group the way an SRE on a bastion expects: the history since `since`
// first (FilterLogEvents), then Live Tail while following; when Live Tail is unavailable or
// ends (3 h), FilterLogEvents polling bridges the gap, and after a while Live Tail is tried
// again. Every event once, oldest first within each delivery; filtered to one namespace.

import { setTimeout as delay } from 'node:timers/promises';
import type { LogLine } from '../../logs/line.js';
import { type CloudWatchLogsApi, logGroupArn } from './client.js';
import { type CloudWatchEvent, lineOfEvent, namespacePattern } from './event.js';
import { FilterLogEventsPoller } from './filter-poller.js';
import { runLiveTail } from './live-tail.js';
import { RequestPacer, backoffMs } from './pace.js';

export type TailMode = 'history' | 'live-tail' | 'polling';

export interface TailStatus {
  readonly mode: TailMode;
  /** why the tail is in this mode (e.g. the Live Tail error that sent it to polling) */
  readonly reason?: string;
  /** a failure the tail keeps retrying; shown, never fatal */
  readonly error?: string;
}

export interface CloudWatchTailOptions {
  readonly client: CloudWatchLogsApi;
  readonly logGroupName: string;
  /** keep only this Kubernetes namespace's containers (Container Insights groups) */
  readonly namespace?: string;
  /** epoch ms of the oldest event wanted */
  readonly since: number;
  readonly follow: boolean;
  readonly signal: AbortSignal;
  readonly onLine: (line: LogLine) => void;
  readonly onStatus?: (status: TailStatus) => void;
  /** false: poll only (no Live Tail sessions, which cost $0.01 a minute) */
  readonly liveTail?: boolean;
  readonly pollIntervalMs?: number;
  /** how long to poll after Live Tail failed or ended before trying it again */
  readonly backToLiveTailAfterMs?: number;
  readonly pacer?: RequestPacer;
  readonly pageLimit?: number;
  readonly backoffBaseMs?: number;
}

/** Forgets what it delivered once it is older than the lag window: bounded however long the tail runs. */
class Delivered {
  private readonly keys = new Map<string, number>();
  constructor(private readonly windowMs: number) {}
  first(ev: CloudWatchEvent): boolean {
    const key = `${ev.logStreamName}|${ev.timestamp}|${ev.message}`;
    if (this.keys.has(key)) return false;
    const at = ev.timestamp ?? 0;
    this.keys.set(key, at);
    if (this.keys.size % 512 === 0) for (const [k, t] of this.keys) if (t < at - this.windowMs) this.keys.delete(k);
    return true;
  }
}

export async function tailCloudWatch(opts: CloudWatchTailOptions): Promise<void> {
  const { signal } = opts;
  const lagMs = 30_000;
  const delivered = new Delivered(lagMs * 2);
  const pattern = opts.namespace ? namespacePattern(opts.namespace) : undefined;
  const pacer = opts.pacer ?? new RequestPacer(4);
  let newest = opts.since;
  const deliver = (events: readonly CloudWatchEvent[]): void => {
    for (const ev of events) {
      if (!delivered.first(ev)) continue;
      newest = Math.max(newest, ev.timestamp ?? 0);
      const line = lineOfEvent(ev, opts.namespace);
      if (line) opts.onLine(line);
    }
  };
  const poller = (from: number): FilterLogEventsPoller =>
    new FilterLogEventsPoller({
      client: opts.client,
      logGroupName: opts.logGroupName,
      startTime: from,
      lagMs,
      pacer,
      ...(pattern ? { filterPattern: pattern } : {}),
      ...(opts.pageLimit ? { limit: opts.pageLimit } : {}),
      ...(opts.backoffBaseMs ? { backoffBaseMs: opts.backoffBaseMs } : {}),
      onThrottled: (ms) => opts.onStatus?.({ mode: 'polling', error: `ThrottlingException: retrying in ${ms} ms` }),
    });

  opts.onStatus?.({ mode: 'history' });
  const history = poller(opts.since);
  deliver(await history.poll(signal));
  if (!opts.follow) return;

  const pollFor = async (ms: number, reason: string): Promise<void> => {
    opts.onStatus?.({ mode: 'polling', reason });
    const p = poller(Math.max(opts.since, newest - lagMs));
    const until = Date.now() + ms;
    let failures = 0;
    while (!signal.aborted && Date.now() < until) {
      try {
        deliver(await p.poll(signal));
        failures = 0;
        await delay(opts.pollIntervalMs ?? 2000, undefined, { signal });
      } catch (err) {
        if (signal.aborted) return;
        opts.onStatus?.({ mode: 'polling', reason, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
        await delay(backoffMs(failures++, 1000, 30_000), undefined, { signal });
      }
    }
  };

  try {
    if (opts.liveTail === false) {
      await pollFor(Number.POSITIVE_INFINITY, 'Live Tail off');
      return;
    }
    for (;;) {
      let arn: string;
      try {
        arn = await logGroupArn(opts.client, opts.logGroupName, signal);
      } catch (err) {
        if (signal.aborted) return;
        await pollFor(opts.backToLiveTailAfterMs ?? 60_000, (err as Error).message);
        continue;
      }
      const end = await runLiveTail({
        client: opts.client,
        logGroupIdentifiers: [arn],
        ...(pattern ? { logEventFilterPattern: pattern } : {}),
        signal,
        onStart: () => {
          opts.onStatus?.({ mode: 'live-tail' });
          // Live Tail shows only what comes after it started: one poll fills the gap since the
          // history (or the last poll); the de-duplication drops what both deliver
          poller(Math.max(opts.since, newest - lagMs))
            .poll(signal)
            .then(deliver, (err: unknown) => {
              if (!signal.aborted) opts.onStatus?.({ mode: 'live-tail', error: `bridging poll: ${(err as Error).message}` });
            });
        },
        onEvents: (events) => deliver(events),
      });
      if (end.reason === 'aborted' || signal.aborted) return;
      await pollFor(opts.backToLiveTailAfterMs ?? 60_000, `Live Tail ${end.reason}: ${end.message}`);
    }
  } catch (err) {
    if (!signal.aborted) throw err;
  }
}
