export { PrometheusClient, PrometheusError } from './client.js';
export type { InstantResult, RangeResult, PromSeries, PrometheusClientOptions } from './client.js';
export { PrometheusSource, sampleOnce, DEMO_RATE_QUERY, MIN_INTERVAL_MS } from './source.js';
export type { ServerSideQueries, ServerSideSample, PrometheusSourceOptions } from './source.js';
export { rateGap } from './gap.js';
export type { RateGap } from './gap.js';
export { parsePrometheusOptions, PrometheusOptionError } from './options.js';
export type { PrometheusOptionsInput, PrometheusSettings } from './options.js';
