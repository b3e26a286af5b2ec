// The demo target's own numbers, in Prometheus' text exposition format (prom-client):
// requests by method, route and status, a latency histogram, requests in flight. Routes are
// templates ("/posts/:id"), so the label set stays small however many ids a test touches.
// The served count is exact: a request counts once its response has been written.

import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export const REQUESTS_TOTAL = 'http_requests_total';
export const REQUEST_DURATION = 'http_request_duration_seconds';
export const IN_FLIGHT = 'http_requests_in_flight';
export const PROCESSES = 'ltop_demo_processes';

/** seconds: 1 ms .. 10 s, dense where the demo's latencies live */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const TEMPLATES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\/posts\/[^/]+\/comments$/, '/posts/:id/comments'],
  [/^\/posts\/[^/]+$/, '/posts/:id'],
  [/^\/users\/[^/]+$/, '/users/:id'],
  [/^\/items\/[^/]+$/, '/items/:id'],
  [/^\/status\/[^/]+$/, '/status/:code'],
  [/^\/delay\/[^/]+$/, '/delay/:seconds'],
  [/^\/basic-auth\/[^/]+\/[^/]+$/, '/basic-auth/:user/:password'],
];
const FIXED = new Set([
  '/', '/posts', '/comments', '/users', '/get', '/post', '/put', '/patch', '/delete', '/anything',
  '/headers', '/json', '/xml', '/html', '/gzip', '/auth/login', '/auth/logout', '/me', '/items',
]);

/** The route template of a path; unknown paths share one label so a scan cannot explode the series. */
export function routeOf(pathname: string): string {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (FIXED.has(path)) return path;
  for (const [re, name] of TEMPLATES) if (re.test(path)) return name;
  return 'other';
}

export class DemoMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route'>;
  private readonly inFlightGauge: Gauge;
  private count = 0;
  private flying = 0;

  constructor() {
    this.requests = new Counter({ name: REQUESTS_TOTAL, help: 'HTTP requests served, by method, route and status', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
    this.duration = new Histogram({ name: REQUEST_DURATION, help: 'Time from request to response written, by method and route', labelNames: ['method', 'route'], buckets: BUCKETS, registers: [this.registry] });
    this.inFlightGauge = new Gauge({ name: IN_FLIGHT, help: 'Requests being served now', registers: [this.registry] });
  }

  /** A request arrived; returns the number in flight including it. */
  begin(): number {
    this.inFlightGauge.inc();
    return ++this.flying;
  }

  /** Its response was written. */
  end(method: string, pathname: string, status: number, seconds: number): void {
    this.flying--;
    this.count++;
    this.inFlightGauge.dec();
    const route = routeOf(pathname);
    this.requests.inc({ method, route, status: String(status) });
    this.duration.observe({ method, route }, seconds);
  }

  /** A request that never got a response (client gone) leaves the in-flight count. */
  abandon(): void {
    this.flying--;
    this.inFlightGauge.dec();
  }

  get served(): number {
    return this.count;
  }

  get inFlight(): number {
    return this.flying;
  }

  /** this process's metrics as JSON, for AggregatorRegistry.aggregate in the primary */
  snapshot(): Promise<object[]> {
    return this.registry.getMetricsAsJSON();
  }
}

/** The process-count gauge the cluster's primary adds to the aggregated metrics. */
export function processesMetric(n: number): object {
  return { name: PROCESSES, help: 'Processes serving the demo target', type: 'gauge', aggregator: 'first', values: [{ value: n, labels: {} }] };
}
