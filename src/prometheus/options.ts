// --prometheus URL, --prometheus-token T (or $LTOP_PROMETHEUS_TOKEN), or --prometheus-service
// NS/NAME[:PORT] (in-cluster, through the API server's service proxy with the kubeconfig's
// credentials), --prometheus-query Q and the optional latency/errors queries, checked once. A bad value throws PrometheusOptionError
// (the CLI's usage error: one line, exit 2).

import { PrometheusClient, type PrometheusClientOptions } from './client.js';
import { parseServiceRef, type ServiceRef } from './service-ref.js';
import { DEMO_RATE_QUERY, MIN_INTERVAL_MS, type ServerSideQueries } from './source.js';

export class PrometheusOptionError extends Error {}

export interface PrometheusOptionsInput {
  readonly url?: string;
  /** NS/NAME[:PORT] of an in-cluster Prometheus Service */
  readonly service?: string;
  readonly token?: string;
  readonly query?: string;
  readonly latencyQuery?: string;
  readonly errorsQuery?: string;
  readonly intervalMs?: number;
}

export interface PrometheusSettings {
  /** --prometheus URL: new PrometheusClient(client) */
  readonly client?: PrometheusClientOptions;
  /** --prometheus-service: kubeProxyClient(connection.rest, service) */
  readonly service?: ServiceRef;
  readonly queries: ServerSideQueries;
  readonly intervalMs: number;
}

export function parsePrometheusOptions(input: PrometheusOptionsInput, env: NodeJS.ProcessEnv = process.env): PrometheusSettings | undefined {
  if (!input.url && !input.service) {
    const flag = input.query ? '--prometheus-query' : input.latencyQuery ? '--prometheus-latency-query' : input.errorsQuery ? '--prometheus-errors-query' : undefined;
    if (flag) throw new PrometheusOptionError(`${flag} needs --prometheus URL or --prometheus-service NS/NAME:PORT`);
    return undefined;
  }
  if (input.url && input.service) throw new PrometheusOptionError('use --prometheus URL or --prometheus-service, not both');
  let where: { client: PrometheusClientOptions } | { service: ServiceRef };
  if (input.url) {
    const token = input.token ?? env['LTOP_PROMETHEUS_TOKEN'];
    const client: PrometheusClientOptions = { url: input.url, ...(token ? { token } : {}) };
    try {
      new PrometheusClient(client);
    } catch (e) {
      throw new PrometheusOptionError((e as Error).message);
    }
    where = { client };
  } else {
    const service = parseServiceRef(input.service!);
    if (!service) throw new PrometheusOptionError(`--prometheus-service "${input.service}" is not NAMESPACE/SERVICE[:PORT] (e.g. monitoring/prometheus-k8s:9090)`);
    where = { service };
  }
  for (const [flag, value] of [['--prometheus-query', input.query], ['--prometheus-latency-query', input.latencyQuery], ['--prometheus-errors-query', input.errorsQuery]] as const) {
    if (value !== undefined && !value.trim()) throw new PrometheusOptionError(`${flag} is empty (give a PromQL expression, e.g. ${DEMO_RATE_QUERY})`);
  }
  const intervalMs = input.intervalMs ?? 5000;
  if (!Number.isFinite(intervalMs) || intervalMs < MIN_INTERVAL_MS) throw new PrometheusOptionError(`the Prometheus interval must be at least ${MIN_INTERVAL_MS / 1000} s`);
  const queries: ServerSideQueries = {
    rate: input.query?.trim() || DEMO_RATE_QUERY,
    ...(input.latencyQuery?.trim() ? { latency: input.latencyQuery.trim() } : {}),
    ...(input.errorsQuery?.trim() ? { errors: input.errorsQuery.trim() } : {}),
  };
  return { ...where, queries, intervalMs };
}
