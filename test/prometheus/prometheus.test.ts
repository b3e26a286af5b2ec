import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDemoTarget, type DemoTarget } from '../../src/demo/server.js';
import { PrometheusClient, PrometheusSource, sampleOnce, rateGap, type ServerSideSample } from '../../src/prometheus/index.js';
import { waitFor } from '../../src/util/wait.js';
import { connect } from '../../src/platforms/kube/config.js';
import { kubeProxyClient, parseServiceRef } from '../../src/prometheus/kube-proxy.js';
import { startKubeApiServer } from '../support/kube-api/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCRAPE_INTERVAL_S, startPrometheus, type RealPrometheus } from './real-prometheus.js';

const WINDOW_S = 4;

describe('server-side rate from a real Prometheus scraping the demo target', () => {
  let target: DemoTarget;
  let prom: RealPrometheus;
  before(async () => {
    target = await startDemoTarget({ latencyMs: 2, jitterMs: 0 });
    prom = await startPrometheus([`127.0.0.1:${target.port}`]);
  });
  after(async () => {
    await prom?.close();
    await target?.close();
  });

  test('the rate ltop reads matches what the target served, within one scrape interval of requests', async (t) => {
    const client = new PrometheusClient({ url: prom.url });
    await waitFor(async () => (await client.scalar('sum(up{job="demo"})')) === 1, { timeoutMs: 15_000, what: 'Prometheus to scrape the demo target' });

    // what the target really served, over time
    const served: Array<{ at: number; n: number }> = [];
    const recorder = setInterval(() => served.push({ at: Date.now(), n: target.served() }), 100);
    const samples: ServerSideSample[] = [];
    const source = new PrometheusSource({ client, queries: { rate: `sum(rate(http_requests_total[${WINDOW_S}s]))` }, intervalMs: 1000, onSample: (s) => samples.push(s) });

    // a bounded load: 4 loops, stopped by the test or after 15 s / 20k requests each
    let stop = false;
    const began = Date.now();
    const loop = async (): Promise<void> => {
      for (let i = 0; i < 20_000 && !stop && Date.now() - began < 15_000; i++) await (await fetch(`${target.url}/posts/1`)).text();
    };
    const load = Promise.all([loop(), loop(), loop(), loop()]);
    source.start();
    try {
      const sample = await waitFor(() => samples.find((s) => s.at >= began + (WINDOW_S + 2) * 1000 && s.rate !== undefined), { timeoutMs: 14_000, what: 'a rate sample over a full window of load' });
      const at = (n: number): number => {
        const before = served.filter((p) => p.at <= n).at(-1);
        return before?.n ?? 0;
      };
      const trueCount = at(sample.at) - at(sample.at - WINDOW_S * 1000);
      const trueRate = trueCount / WINDOW_S;
      const oneScrape = trueRate * SCRAPE_INTERVAL_S;
      t.diagnostic(`Prometheus ${sample.rate!.toFixed(1)}/s, served ${trueRate.toFixed(1)}/s over ${WINDOW_S} s`);
      assert.ok(trueRate > 20, `the load ran: ${trueRate}/s`);
      assert.ok(Math.abs(sample.rate! * WINDOW_S - trueCount) <= oneScrape * 1.5, `Prometheus rate ${sample.rate}/s vs served ${trueRate}/s over ${WINDOW_S} s`);
      assert.equal(sample.error, undefined);
      assert.equal(rateGap(trueRate, sample.rate!).flagged, false);
    } finally {
      stop = true;
      await load;
      source.stop();
      clearInterval(recorder);
    }
    // once the load has stopped, the scraped counter is exactly what was served
    const total = target.served();
    const scraped = await waitFor(async () => ((await client.scalar('sum(http_requests_total)')) === total ? total : undefined), { timeoutMs: 10_000, what: `the scraped counter to reach ${total}` });
    assert.equal(scraped, total);
  });

  test('a failing query yields a sample with Prometheus\' error, never an exception', async () => {
    const client = new PrometheusClient({ url: prom.url });
    const s = await sampleOnce(client, { rate: 'sum(rate(http_requests_total[1m])', latency: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[1m])))' });
    assert.match(s.error ?? '', /^rate: Prometheus: bad_data: .*parse error/);
    assert.equal(s.rate, undefined);
    assert.doesNotMatch(s.error ?? '', /latency:/, 'the other query still answers');
    await assert.rejects(client.scalar('http_request_duration_seconds_bucket'), /series, expected one \(wrap it in sum/);
    const range = await client.queryRange('sum(http_requests_total)', Date.now() - 5000, Date.now(), 1);
    assert.equal(range.resultType, 'matrix');
  });

  test('an in-cluster Prometheus through the API server\'s service proxy, with the kubeconfig\'s credentials', async () => {
    const api = await startKubeApiServer({ token: 'kube-token' });
    const dir = mkdtempSync(join(tmpdir(), 'ltop-promproxy-'));
    try {
      const promPort = Number(new URL(prom.url).port);
      api.serviceTarget = (ns, name, port) => (ns === 'monitoring' && name === 'prometheus-k8s' && port === '9090' ? promPort : undefined);
      const conn = connect({ kubeconfigPath: api.writeKubeconfig(join(dir, 'kubeconfig')) });
      const client = kubeProxyClient(conn.rest, parseServiceRef('monitoring/prometheus-k8s:9090')!);
      assert.equal(await client.scalar('sum(up{job="demo"})'), 1);
      assert.match((await sampleOnce(client, { rate: 'sum(rate(x[1m])' })).error ?? '', /^rate: Prometheus: bad_data: .*parse error/);
      const missing = kubeProxyClient(conn.rest, parseServiceRef('monitoring/nothing:9090')!);
      await assert.rejects(missing.scalar('up'), /HTTP 503: no endpoints available for service "nothing"/);
      api.forbid({ verb: 'get', resource: 'services/proxy', namespace: 'monitoring' });
      await assert.rejects(client.scalar('up'), /HTTP 403: services "prometheus-k8s:9090" is forbidden: User "ltop-test" cannot get resource "services\/proxy"/);
      assert.equal(parseServiceRef('monitoring'), undefined);
    } finally {
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unreachable Prometheus is an error sample too', async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const s = await sampleOnce(new PrometheusClient({ url: `http://127.0.0.1:${port}`, timeoutMs: 2000 }), { rate: 'sum(up)' });
    assert.match(s.error ?? '', /rate: Prometheus at http:\/\/127\.0\.0\.1:\d+ unreachable: ECONNREFUSED/);
  });
});

describe('Prometheus client: bearer token and HTTP failures', () => {
  test('sends the token; a 401 says which flag to check', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      if (req.headers.authorization !== 'Bearer s3cret') {
        res.writeHead(401).end('Unauthorized');
        return;
      }
      // the documented example answer of /api/v1/query
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1435781451.781, '42.5'] }] } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prometheus/`;
    try {
      assert.equal(await new PrometheusClient({ url, token: 's3cret' }).scalar('sum(up)'), 42.5);
      await assert.rejects(new PrometheusClient({ url }).scalar('sum(up)'), /HTTP 401 \(check --prometheus-token\)/);
      assert.deepEqual(seen, ['Bearer s3cret', '']);
      assert.throws(() => new PrometheusClient({ url: 'not a url' }), /is not a URL/);
    } finally {
      server.close();
    }
  });

  test('rateGap flags a large gap only', () => {
    assert.equal(rateGap(100, 95).flagged, false);
    assert.equal(rateGap(100, 60).flagged, true);
    assert.equal(rateGap(100, 60).text, 'server 60.0/s vs Locust 100.0/s (-40%)');
    assert.equal(rateGap(0.2, 0).flagged, false, 'too small to compare');
  });
});
