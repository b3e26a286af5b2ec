// Turns GET /stats/requests of any supported Locust version into a LocustSnapshot.
// The field drift this absorbs is listed in ../shared/FACTS.md (Locust master HTTP API).
import type { EndpointStats, LocustError, LocustSnapshot, LocustState, LocustWorker } from './snapshot.js';

type Json = Record<string, unknown>;

const STATES: readonly LocustState[] = ['ready', 'spawning', 'running', 'cleanup', 'stopping', 'stopped', 'missing'];

function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function numOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function toLocustState(value: unknown): LocustState {
  const state = str(value).toLowerCase();
  return (STATES as readonly string[]).includes(state) ? (state as LocustState) : 'unknown';
}

const HTML_ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#39;': "'",
  '&#x2F;': '/',
};

/** Locust 2.12 HTML-escapes error strings and wraps them in an extra repr() quote. */
export function unescapeLocustError(raw: string): string {
  const text = raw.replace(/&(?:amp|lt|gt|quot|#x27|#39|#x2F);/g, (entity) => HTML_ENTITIES[entity] ?? entity);
  const quoted = /^(['"])(.*)\1$/s.exec(text);
  return quoted ? (quoted[2] ?? text).replace(/\\'/g, "'") : text;
}

function endpoint(row: Json): EndpointStats {
  return {
    method: str(row['method']),
    name: str(row['name']),
    requests: num(row['num_requests']),
    failures: num(row['num_failures']),
    currentRps: num(row['current_rps']),
    currentFailPerSec: num(row['current_fail_per_sec']),
    p50: numOrNull(row['median_response_time']),
    // >= 2.21 carries the real p95/p99; older versions only have p90/p99.
    p95: numOrNull(row['response_time_percentile_0.95']),
    p99: numOrNull(row['response_time_percentile_0.99'] ?? row['ninety_ninth_response_time']),
    avg: num(row['avg_response_time']),
    min: num(row['min_response_time']),
    max: num(row['max_response_time']),
    avgSize: num(row['avg_content_length']),
  };
}

function currentPercentiles(body: Json): { p50: number | null; p95: number | null } {
  const nested = body['current_response_time_percentiles'];
  if (nested && typeof nested === 'object') {
    const map = nested as Json;
    return {
      p50: numOrNull(map['response_time_percentile_0.5']),
      p95: numOrNull(map['response_time_percentile_0.95']),
    };
  }
  // 2.15.1-2.19 numbered them _1/_2; <= 2.15 named them _50/_95.
  return {
    p50: numOrNull(body['current_response_time_percentile_50'] ?? body['current_response_time_percentile_1']),
    p95: numOrNull(body['current_response_time_percentile_95'] ?? body['current_response_time_percentile_2']),
  };
}

function worker(row: Json): LocustWorker {
  return {
    id: str(row['id']),
    state: toLocustState(row['state']),
    users: num(row['user_count']),
    cpuPercent: num(row['cpu_usage']),
    memoryBytes: num(row['memory_usage']),
  };
}

function error(row: Json): LocustError {
  return {
    method: str(row['method']),
    name: str(row['name']),
    message: unescapeLocustError(str(row['error'])),
    occurrences: num(row['occurrences']),
  };
}

export class LocustShapeError extends Error {}

export function normalizeStats(body: unknown, at: number): LocustSnapshot {
  if (!body || typeof body !== 'object' || !Array.isArray((body as Json)['stats'])) {
    throw new LocustShapeError('the master answered /stats/requests without a stats list; is this a Locust master?');
  }
  const json = body as Json;
  const rows = (json['stats'] as Json[]).map(endpoint);
  const totalIndex = rows.findIndex((row) => row.name === 'Aggregated' && row.method === '');
  const total = totalIndex >= 0 ? rows[totalIndex]! : endpoint({ name: 'Aggregated' });
  const endpoints = rows.filter((_, index) => index !== totalIndex);
  const percentiles = currentPercentiles(json);
  const workers = Array.isArray(json['workers']) ? (json['workers'] as Json[]).map(worker) : [];
  // 2.45 made total_rps the whole-run average and added current_rps for the rolling rate.
  const rps = num(json['current_rps'], num(json['total_rps'], total.currentRps));
  return {
    at,
    state: toLocustState(json['state']),
    users: num(json['user_count']),
    rps,
    failPerSec: num(json['current_fail_per_sec'], total.currentFailPerSec),
    failRatio: num(json['fail_ratio']),
    currentP50: percentiles.p50,
    currentP95: percentiles.p95,
    endpoints,
    total,
    errors: Array.isArray(json['errors']) ? (json['errors'] as Json[]).map(error) : [],
    workers,
  };
}
