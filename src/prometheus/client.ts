// A client for the Prometheus HTTP API (https://prometheus.io/docs/prometheus/latest/querying/api/):
// instant queries (/api/v1/query) and range queries (/api/v1/query_range), an optional bearer
// token (Prometheus behind an authenticating proxy, Grafana Cloud, Amazon Managed Prometheus
// through a signing proxy). A failure carries Prometheus' own errorType and error text.

export class PrometheusError extends Error {
  constructor(
    message: string,
    /** Prometheus' errorType (bad_data, execution, timeout, ...), or 'http' / 'unreachable' */
    readonly errorType: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'PrometheusError';
  }
}

/** [unix seconds, value as text] as Prometheus sends them */
export type PromPoint = readonly [number, string];

export interface PromSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly value?: PromPoint;
  readonly values?: readonly PromPoint[];
}

export type InstantResult =
  | { readonly resultType: 'vector'; readonly result: readonly PromSeries[] }
  | { readonly resultType: 'scalar' | 'string'; readonly result: PromPoint };

export interface RangeResult {
  readonly resultType: 'matrix';
  readonly result: readonly PromSeries[];
}

/** How a request reaches Prometheus: by default HTTP POST with fetch; kube-proxy.ts goes through the API server. */
export type PromTransport = (path: string, params: Record<string, string>) => Promise<{ status: number; text: string }>;

export interface PrometheusClientOptions {
  /** the server's base URL, e.g. http://127.0.0.1:9090 or a path prefix behind a proxy */
  readonly url: string;
  readonly token?: string;
  readonly timeoutMs?: number;
  readonly transport?: PromTransport;
}

interface ApiAnswer<T> {
  status?: 'success' | 'error';
  data?: T;
  errorType?: string;
  error?: string;
  warnings?: string[];
  /** a Kubernetes Status, when the API server's service proxy answered instead of Prometheus */
  kind?: string;
  message?: string;
}

export class PrometheusClient {
  private readonly base: string;
  private readonly transport: PromTransport;

  constructor(private readonly opts: PrometheusClientOptions) {
    let u: URL;
    try {
      u = new URL(opts.url);
    } catch {
      throw new PrometheusError(`--prometheus ${opts.url} is not a URL (expected e.g. http://127.0.0.1:9090)`, 'usage');
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new PrometheusError(`--prometheus ${opts.url}: only http and https URLs`, 'usage');
    this.base = opts.url.replace(/\/+$/, '');
    this.transport = opts.transport ?? ((path, params) => this.post(path, params));
  }

  get url(): string {
    return this.base;
  }

  /** An instant query; `time` in ms since the epoch (default: the server's now). */
  query(promql: string, time?: number): Promise<InstantResult> {
    return this.call<InstantResult>('/api/v1/query', { query: promql, ...(time !== undefined ? { time: String(time / 1000) } : {}) });
  }

  /** A range query between two times in ms, one point every stepS seconds. */
  queryRange(promql: string, startMs: number, endMs: number, stepS: number): Promise<RangeResult> {
    return this.call<RangeResult>('/api/v1/query_range', { query: promql, start: String(startMs / 1000), end: String(endMs / 1000), step: String(stepS) });
  }

  /**
   * The value of a query that yields one number (e.g. sum(rate(...))): a scalar, or a vector of
   * one series. undefined when the vector is empty (nothing scraped yet, or no such metric) or
   * the value is NaN (a quantile or a ratio over a window without requests).
   */
  async scalar(promql: string, time?: number): Promise<number | undefined> {
    const r = await this.query(promql, time);
    const number = (text: string): number | undefined => (Number.isNaN(Number(text)) ? undefined : Number(text));
    if (r.resultType === 'scalar') return number(r.result[1]);
    if (r.resultType !== 'vector') throw new PrometheusError(`query returned a ${r.resultType}, not a number: ${promql}`, 'bad_data');
    if (r.result.length === 0) return undefined;
    if (r.result.length > 1) throw new PrometheusError(`query returned ${r.result.length} series, expected one (wrap it in sum(...)): ${promql}`, 'bad_data');
    const v = r.result[0]!.value;
    return v ? number(v[1]) : undefined;
  }

  private async post(path: string, params: Record<string, string>): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' };
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    // POST: long PromQL does not hit URL length limits; Prometheus accepts both
    const res = await fetch(this.base + path, { method: 'POST', headers, body: new URLSearchParams(params).toString(), signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000) });
    return { status: res.status, text: await res.text() };
  }

  private async call<T>(path: string, params: Record<string, string>): Promise<T> {
    let res: { status: number; text: string };
    try {
      res = await this.transport(path, params);
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new PrometheusError(`Prometheus at ${this.base} unreachable: ${cause?.code ?? cause?.message ?? (e as Error).message}`, 'unreachable');
    }
    const text = res.text;
    let body: ApiAnswer<T> | undefined;
    try {
      body = JSON.parse(text) as ApiAnswer<T>;
    } catch {
      body = undefined;
    }
    if (body?.status === 'success' && body.data !== undefined) return body.data;
    if (body?.status === 'error') throw new PrometheusError(`Prometheus: ${body.errorType ?? 'error'}: ${body.error ?? 'unknown error'}`, body.errorType ?? 'error', res.status);
    if (body?.kind === 'Status' && body.message) throw new PrometheusError(`Prometheus through the Kubernetes API server: HTTP ${res.status}: ${body.message}`, 'http', res.status);
    const hint = res.status === 401 || res.status === 403 ? ' (check --prometheus-token)' : res.status === 404 ? ' (is this the Prometheus base URL?)' : '';
    throw new PrometheusError(`Prometheus at ${this.base}: HTTP ${res.status}${hint}: ${text.slice(0, 200).trim()}`, 'http', res.status);
  }
}
