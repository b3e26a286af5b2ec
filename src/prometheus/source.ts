// Polls PromQL for the application's own view of the load: its request rate (and optionally
// latency and error rate), at a bounded rate (one query set at a time, at most once per
// interval, never faster than 1 s). A failing query yields a sample with its error, never an
// exception: the swarm goes on whatever Prometheus does.

import { Poll } from '../util/poll.js';
import { PrometheusClient, PrometheusError } from './client.js';
import { rangeWindowMs } from './window.js';

export interface ServerSideQueries {
  /** e.g. sum(rate(http_requests_total[1m])) */
  readonly rate: string;
  /** e.g. histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[1m]))) * 1000 */
  readonly latency?: string;
  /** e.g. sum(rate(http_requests_total{status=~"5.."}[1m])) */
  readonly errors?: string;
}

export interface ServerSideSample {
  /** ms since the epoch, when the query set was sent */
  readonly at: number;
  /** undefined: the query answered with no series (nothing scraped yet) or failed */
  readonly rate?: number;
  readonly latency?: number;
  readonly errors?: number;
  /** "rate: Prometheus: bad_data: ..." for each failing query, joined by "; " */
  readonly error?: string;
  /** the rate query's look-back (its [1m]), ms: its rate is comparable once the load held that long */
  readonly windowMs?: number;
}

export interface PrometheusSourceOptions {
  readonly client: PrometheusClient;
  readonly queries: ServerSideQueries;
  readonly intervalMs?: number;
  readonly onSample: (s: ServerSideSample) => void;
  readonly now?: () => number;
}

export const MIN_INTERVAL_MS = 1000;

/** The default query for the demo target's metrics (and any service using the same name). */
export const DEMO_RATE_QUERY = 'sum(rate(http_requests_total[1m]))';

/** One round of the queries; never throws. */
export async function sampleOnce(client: PrometheusClient, queries: ServerSideQueries, at = Date.now()): Promise<ServerSideSample> {
  const names = (['rate', 'latency', 'errors'] as const).filter((k) => queries[k] !== undefined);
  const answers = await Promise.all(
    names.map((k) =>
      client.scalar(queries[k]!).then(
        (value) => ({ k, value, error: undefined }),
        (e: unknown) => ({ k, value: undefined, error: e instanceof PrometheusError ? e.message : String((e as Error)?.message ?? e) }),
      ),
    ),
  );
  const windowMs = rangeWindowMs(queries.rate);
  const sample: { -readonly [K in keyof ServerSideSample]: ServerSideSample[K] } = { at, ...(windowMs ? { windowMs } : {}) };
  const errors: string[] = [];
  for (const a of answers) {
    if (a.value !== undefined && Number.isFinite(a.value)) sample[a.k] = a.value;
    if (a.error) errors.push(`${a.k}: ${a.error}`);
  }
  if (errors.length) sample.error = errors.join('; ');
  return sample;
}

export class PrometheusSource {
  private readonly poll: Poll;

  constructor(private readonly opts: PrometheusSourceOptions) {
    this.poll = new Poll(async () => {
      const s = await sampleOnce(opts.client, opts.queries, (opts.now ?? Date.now)());
      if (this.poll.running) opts.onSample(s);
    }, Math.max(MIN_INTERVAL_MS, opts.intervalMs ?? 5000));
  }

  start(): void {
    this.poll.start();
  }

  stop(): void {
    this.poll.stop();
  }
}
