import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillPercentilesFromCsv, needsCsvPercentiles, parseRequestsCsv } from '../../src/locust/csv-percentiles.js';
import { LocustShapeError, normalizeStats, unescapeLocustError } from '../../src/locust/normalize.js';
import { fixtureJson, fixtureSnapshot, fixtureText } from '../support/fixtures.js';

describe('normalizeStats on real Locust output', () => {
  for (const version of ['2.12.1', '2.46.3']) {
    it(`${version}: endpoints, the Aggregated total, workers and errors`, () => {
      const snapshot = fixtureSnapshot(`${version}-stats-running.json`);
      assert.equal(snapshot.state, 'running');
      assert.equal(snapshot.users, 6);
      assert.equal(snapshot.total.name, 'Aggregated');
      assert.ok(snapshot.endpoints.every((row) => row.name !== 'Aggregated'));
      assert.deepEqual(new Set(snapshot.endpoints.map((row) => `${row.method} ${row.name}`)), new Set(['GET /index.html', 'GET /data.json', 'GET /missing/:id', 'POST /index.html']));
      const sum = snapshot.endpoints.reduce((total, row) => total + row.requests, 0);
      assert.equal(snapshot.total.requests, sum, 'the total is the sum of the endpoints');
      assert.equal(snapshot.workers.length, 2);
      assert.ok(snapshot.workers.every((worker) => worker.state === 'running' && worker.users === 3 && worker.memoryBytes > 0));
      assert.equal(snapshot.errors.length, 2);
      assert.ok(snapshot.rps > 0);
      assert.ok(snapshot.currentP50 !== null && snapshot.currentP95 !== null);
      assert.ok(snapshot.failRatio > 0 && snapshot.failRatio < 1);
    });
  }

  it('2.12 error strings are unescaped into what the server said', () => {
    const snapshot = fixtureSnapshot('2.12.1-stats-running.json');
    const messages = snapshot.errors.map((error) => error.message);
    assert.ok(messages.some((message) => message === `HTTPError('404 Client Error: File not found for url: /missing/:id')`), messages.join('\n'));
    assert.ok(messages.every((message) => !message.includes('&#x27;') && !message.includes('&quot;')));
  });

  it('2.46 reports the rolling rate in current_rps (not the whole-run total_rps)', () => {
    const body = fixtureJson('2.46.3-stats-running.json') as Record<string, number>;
    const snapshot = fixtureSnapshot('2.46.3-stats-running.json');
    assert.equal(snapshot.rps, body['current_rps']);
  });

  it('2.46 carries per-endpoint p95/p99; 2.12 has none and asks for the CSV', () => {
    const current = fixtureSnapshot('2.46.3-stats-running.json');
    assert.ok(current.total.p95 !== null && current.total.p99 !== null);
    assert.equal(needsCsvPercentiles(current), false);
    const old = fixtureSnapshot('2.12.1-stats-running.json');
    assert.equal(old.total.p95, null);
    assert.ok(old.total.p99 !== null, 'p99 comes from ninety_ninth_response_time');
    assert.equal(needsCsvPercentiles(old), true);
  });

  it('fills 2.12 p95 from its requests CSV, endpoint by endpoint', () => {
    const old = fixtureSnapshot('2.12.1-stats-stopped.json');
    const csv = parseRequestsCsv(fixtureText('2.12.1-requests.csv'));
    const filled = fillPercentilesFromCsv(old, csv);
    for (const row of [...filled.endpoints, filled.total]) {
      const match = csv.find((line) => line.name === row.name && line.method === row.method);
      assert.ok(match, `${row.name} is in the CSV`);
      assert.equal(row.p95, match.p95);
    }
  });

  it('a ready master with no traffic gives zeros, not NaN', () => {
    for (const version of ['2.12.1', '2.46.3']) {
      const snapshot = fixtureSnapshot(`${version}-stats-ready.json`);
      assert.equal(snapshot.state, 'ready');
      assert.equal(snapshot.total.requests, 0);
      assert.equal(snapshot.endpoints.length, 0);
      assert.ok(Number.isFinite(snapshot.rps));
    }
  });

  it('the stopped snapshot matches the CSV Locust wrote at the same time', () => {
    for (const version of ['2.12.1', '2.46.3']) {
      const snapshot = fixtureSnapshot(`${version}-stats-stopped.json`);
      const csvTotal = parseRequestsCsv(fixtureText(`${version}-requests.csv`)).find((row) => row.name === 'Aggregated');
      assert.equal(snapshot.state, 'stopped');
      assert.equal(snapshot.total.requests, csvTotal?.requests);
    }
  });

  it('the 2.15-2.19 percentile names are understood too', () => {
    const snapshot = normalizeStats({ stats: [], state: 'running', current_response_time_percentile_1: 12, current_response_time_percentile_2: 40 }, 0);
    assert.equal(snapshot.currentP50, 12);
    assert.equal(snapshot.currentP95, 40);
  });

  it('something that is not a Locust answer is a clear error', () => {
    assert.throws(() => normalizeStats('<html>', 0), LocustShapeError);
    assert.throws(() => normalizeStats({ hello: 1 }, 0), /stats list/);
  });

  it('unescapes HTML entities and the repr quotes', () => {
    assert.equal(unescapeLocustError('&quot;HTTPError(&#x27;500&#x27;)&quot;'), "HTTPError('500')");
    assert.equal(unescapeLocustError('plain'), 'plain');
  });
});

describe('normalizeStats on the pinned Locust (2.47.0, jsonplaceholder against the demo target)', () => {
  it('reads worker_count, the rolling current_rps, per-endpoint p95/p99 and the errors', () => {
    const body = fixtureJson('2.47.0-stats-running.json') as Record<string, unknown>;
    const snapshot = fixtureSnapshot('2.47.0-stats-running.json');
    assert.equal(snapshot.state, 'running');
    assert.equal(snapshot.workerCount, 2);
    assert.equal(snapshot.workers.length, 2);
    assert.equal(snapshot.rps, body['current_rps']);
    assert.notEqual(snapshot.rps, body['total_rps'], 'the rolling rate, not the whole-run average');
    assert.equal(needsCsvPercentiles(snapshot), false);
    assert.ok(snapshot.errors.some((error) => error.message === "CatchResponseError('expected HTTP 200, got 500')"));
  });

  it('a stopped master still reports its last rolling rate; the snapshot says 0 is being sent', () => {
    const body = fixtureJson('2.47.0-stats-stopped.json') as { state: string; current_rps: number; stats: { current_rps: number }[] };
    assert.equal(body.state, 'stopped');
    assert.ok(body.current_rps > 0, 'the raw JSON keeps the stale rate');
    const snapshot = fixtureSnapshot('2.47.0-stats-stopped.json');
    assert.equal(snapshot.rps, 0);
    assert.equal(snapshot.failPerSec, 0);
    assert.ok([snapshot.total, ...snapshot.endpoints].every((row) => row.currentRps === 0 && row.currentFailPerSec === 0));
    assert.ok(snapshot.total.requests > 0, 'the counts stay');
  });

  it('no percentile is above the max Locust reports for the same row', () => {
    const body = { state: 'running', stats: [{ method: 'GET', name: '/slow', num_requests: 3, max_response_time: 1234, median_response_time: 1200, 'response_time_percentile_0.95': 1300, 'response_time_percentile_0.99': 1300 }, { method: null, name: 'Aggregated', num_requests: 3, max_response_time: 1234, 'response_time_percentile_0.99': 1300 }] };
    const snapshot = normalizeStats(body, 0);
    assert.equal(snapshot.endpoints[0]!.p99, 1234);
    assert.equal(snapshot.endpoints[0]!.p95, 1234);
    assert.equal(snapshot.endpoints[0]!.p50, 1200);
    assert.equal(snapshot.total.p99, 1234);
  });

  it('2.43.4-2.44.x: no top-level current_rps and a whole-run total_rps: the Aggregated row has the rolling rate', () => {
    const body = { state: 'running', total_rps: 3.1, stats: [{ method: null, name: 'Aggregated', num_requests: 300, current_rps: 42.5 }] };
    assert.equal(normalizeStats(body, 0).rps, 42.5);
  });
});
