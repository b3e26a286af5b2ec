// --prometheus URL, --prometheus-token T (or $LTOP_PROMETHEUS_TOKEN), --prometheus-query Q and
// the optional latency/errors queries, checked once. A bad value throws PrometheusOptionError
// (the CLI's usage error: one line, exit 2).

import { PrometheusClient, type PrometheusClientOptions } from './client.js';
import { DEMO_RATE_QUERY, MIN_INTERVAL_MS, type ServerSideQueries } from './source.js';

export class PrometheusOptionError extends Error {}

export interface PrometheusOptionsInput {
  readonly url?: string;
  readonly token?: string;
  readonly query?: string;
  readonly latencyQuery?: string;
  readonly errorsQuery?: string;
  readonly intervalMs?: number;
}

export interface PrometheusSettings {
  readonly client: PrometheusClientOptions;
  readonly queries: ServerSideQueries;
  readonly intervalMs: number;
}

export function parsePrometheusOptions(input: PrometheusOptionsInput, env: NodeJS.ProcessEnv = process.env): PrometheusSettings | undefined {
  if (!input.url) {
    if (input.query || input.latencyQuery || input.errorsQuery) throw new PrometheusOptionError('--prometheus-query needs --prometheus URL');
    return undefined;
  }
  const token = input.token ?? env['LTOP_PROMETHEUS_TOKEN'];
  const client: PrometheusClientOptions = { url: input.url, ...(token ? { token } : {}) };
  try {
    new PrometheusClient(client);
  } catch (e) {
    throw new PrometheusOptionError((e as Error).message);
  }
  const intervalMs = input.intervalMs ?? 5000;
  if (!Number.isFinite(intervalMs) || intervalMs < MIN_INTERVAL_MS) throw new PrometheusOptionError(`the Prometheus interval must be at least ${MIN_INTERVAL_MS / 1000} s`);
  const queries: ServerSideQueries = {
    rate: input.query?.trim() || DEMO_RATE_QUERY,
    ...(input.latencyQuery?.trim() ? { latency: input.latencyQuery.trim() } : {}),
    ...(input.errorsQuery?.trim() ? { errors: input.errorsQuery.trim() } : {}),
  };
  return { client, queries, intervalMs };
}
