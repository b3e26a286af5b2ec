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
  const max = num(row['max_response_time']);
  // Locust's percentiles are bucketed (rounded to 2 significant digits above 100 ms), so p99 can
  // read above the max it reports in the same row: no percentile is above the slowest request.
  const atMost = (value: number | null) => (value !== null && max > 0 ? Math.min(value, max) : value);
  return {
    method: str(row['method']),
    name: str(row['name']),
    requests: num(row['num_requests']),
    failures: num(row['num_failures']),
    currentRps: num(row['current_rps']),
    currentFailPerSec: num(row['current_fail_per_sec']),
    p50: atMost(numOrNull(row['median_response_time'])),
    // >= 2.21 carries the real p95/p99; older versions only have p90/p99.
    p95: atMost(numOrNull(row['response_time_percentile_0.95'])),
    p99: atMost(numOrNull(row['response_time_percentile_0.99'] ?? row['ninety_ninth_response_time'])),
    avg: num(row['avg_response_time']),
    min: num(row['min_response_time']),
    max,
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
  const state = toLocustState(json['state']);
  // A stopped master keeps reporting its last rolling window (2.47 too): nothing is being sent
  // once the swarm is not running, so every rate now is 0.
  const sending = state === 'running' || state === 'spawning';
  const idle = (row: EndpointStats): EndpointStats => (sending ? row : { ...row, currentRps: 0, currentFailPerSec: 0 });
  const raw = json['stats'] as Json[];
  const totalIndex = raw.findIndex((row) => row['name'] === 'Aggregated' && !row['method']);
  const rows = raw.map((row) => idle(endpoint(row)));
  const total = totalIndex >= 0 ? rows[totalIndex]! : endpoint({ name: 'Aggregated' });
  const endpoints = rows.filter((_, index) => index !== totalIndex);
  const percentiles = currentPercentiles(json);
  const workers = Array.isArray(json['workers']) ? (json['workers'] as Json[]).map(worker) : [];
  // The rolling rate: 2.45+ puts it in top-level current_rps; every version has it in the
  // Aggregated row's current_rps, which matters on 2.43.4-2.44.x, where total_rps became the
  // whole-run average (locust #3451). total_rps only where neither exists.
  const aggregated = totalIndex >= 0 ? raw[totalIndex]! : {};
  const rolling = num(json['current_rps'], num(aggregated['current_rps'], num(json['total_rps'])));
  const rollingFailures = num(json['current_fail_per_sec'], num(aggregated['current_fail_per_sec']));
  const workerCount = numOrNull(json['worker_count']);
  return {
    at,
    state,
    users: num(json['user_count']),
    rps: sending ? rolling : 0,
    failPerSec: sending ? rollingFailures : 0,
    failRatio: num(json['fail_ratio']),
    currentP50: percentiles.p50,
    currentP95: percentiles.p95,
    endpoints,
    total,
    errors: Array.isArray(json['errors']) ? (json['errors'] as Json[]).map(error) : [],
    workers,
    ...(workerCount !== null ? { workerCount } : {}),
  };
}
