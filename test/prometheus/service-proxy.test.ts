// --prometheus-service: an in-cluster Prometheus reached through the kube API server's service
// proxy (/api/v1/namespaces/NS/services/NAME:PORT/proxy/...). The test API server forwards it to
// a real Prometheus (Debian's) on loopback that scrapes the demo target; real `kubectl get --raw`
// proves the proxy answers as a real API server's does, and the real CLI (`ltop run --platform
// kube`, a real Locust master and worker behind the master pod's port-forward) shows the
// application's own rate through it beside Locust's.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execa, type ResultPromise } from 'execa';
import { startDemoTarget, type DemoTarget } from '../../src/demo/server.js';
import { findLocust } from '../../src/platforms/local/locust-binary.js';
import type { RunSummary } from '../../src/report/summary.js';
import { startCluster, waitFor, type Cluster } from '../kube/helpers.js';
import { freePort } from '../kube/locust.js';
import { TargetScript } from '../support/kube-api/index.js';
import { ltop, repoRoot } from '../support/cli.js';
import { startPrometheus, type RealPrometheus } from './real-prometheus.js';

const PROXY = '/api/v1/namespaces/monitoring/services/prometheus-k8s:9090/proxy';

describe('--prometheus-service through the API server proxy (real Prometheus, real kubectl, real ltop)', () => {
  let target: DemoTarget;
  let prom: RealPrometheus;
  let cluster: Cluster;
  const locust: ResultPromise[] = [];

  before(async () => {
    target = await startDemoTarget({ latencyMs: 2, jitterMs: 0 });
    prom = await startPrometheus([`127.0.0.1:${target.port}`]);
    const [webPort, zmqPort] = [await freePort(), await freePort()];
    const env = { PYTHONPATH: path.join(repoRoot, 'runtime'), LOCUST_SCENARIO: 'jsonplaceholder', PYTHONDONTWRITEBYTECODE: '1' };
    const locustfile = path.join(repoRoot, 'scenarios', 'locustfile.py');
    locust.push(execa(findLocust(), ['-f', locustfile, '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', String(zmqPort), '--web-host', '127.0.0.1', '--web-port', String(webPort)], { env, reject: false, stdin: 'ignore' }));
    locust.push(execa(findLocust(), ['-f', locustfile, '--worker', '--master-host', '127.0.0.1', '--master-port', String(zmqPort)], { env, reject: false, stdin: 'ignore' }));
    cluster = await startCluster({
      portTarget: (_namespace, pod, port) => (pod.startsWith('ltop-master-') ? (port === 8089 ? { host: '127.0.0.1', port: webPort } : port === 5557 ? { host: '127.0.0.1', port: zmqPort } : undefined) : undefined),
    });
    const promPort = Number(new URL(prom.url).port);
    cluster.server.serviceTarget = (namespace, name, port) => (namespace === 'monitoring' && name === 'prometheus-k8s' && port === '9090' ? promPort : undefined);
    new TargetScript(cluster.server, { namespace: 'shop', name: 'web', replicas: 2, minReplicas: 2, maxReplicas: 4, cpuTargetPercent: 50, nodes: ['node-a', 'node-b'] }).setup();
    await waitFor('the Locust master', async () => (await fetch(`http://127.0.0.1:${webPort}/stats/requests`).catch(() => null))?.ok, 30_000, 100);
    await waitFor('Prometheus to scrape the demo target', async () => /"job":"demo"[^}]*\},"value":\[[^\]]*,"1"\]/.test(await (await fetch(`${prom.url}/api/v1/query?query=up`)).text()), 20_000, 100);
  });

  after(async () => {
    for (const child of locust) child.kill('SIGTERM');
    await Promise.all(locust.map((child) => child.catch(() => undefined)));
    await cluster?.close();
    await prom?.close();
    await target?.close();
  });

  it('kubectl get --raw reaches Prometheus\' HTTP API through it; a Service without endpoints and a forbidden proxy fail as on a real cluster', async () => {
    const up = await cluster.kubectl(['get', '--raw', `${PROXY}/api/v1/query?query=up`]);
    assert.equal(up.exitCode, 0, up.stderr);
    const answer = JSON.parse(up.stdout) as { status: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    assert.equal(answer.status, 'success');
    assert.deepEqual(answer.data.result.map((r) => [r.metric['job'], r.metric['instance'], r.value[1]]), [['demo', `127.0.0.1:${target.port}`, '1']]);
    // the scheme-qualified form kubectl proxy users write
    const ready = await cluster.kubectl(['get', '--raw', '/api/v1/namespaces/monitoring/services/http:prometheus-k8s:9090/proxy/-/ready']);
    assert.equal(ready.exitCode, 0, ready.stderr);
    assert.match(ready.stdout, /Prometheus (Server )?is Ready/);
    // Prometheus' own 400 comes back through the proxy; kubectl says what it says for any body that is not a Status
    const bad = await cluster.kubectl(['get', '--raw', `${PROXY}/api/v1/query?query=sum(`]);
    assert.match(bad.stderr, /Error from server \(BadRequest\): the server rejected our request for an unknown reason/);

    const none = await cluster.kubectl(['get', '--raw', '/api/v1/namespaces/monitoring/services/nothing:9090/proxy/api/v1/query?query=up']);
    assert.match(none.stderr, /Error from server \(ServiceUnavailable\): no endpoints available for service "nothing"/);
    cluster.server.forbid({ verb: 'get', resource: 'services/proxy', namespace: 'default' });
    const forbidden = await cluster.kubectl(['get', '--raw', '/api/v1/namespaces/default/services/prometheus-k8s:9090/proxy/api/v1/query?query=up']);
    assert.match(forbidden.stderr, /Error from server \(Forbidden\): services "prometheus-k8s:9090" is forbidden: User "[^"]+" cannot get resource "services\/proxy" in API group "" in the namespace "default"/);
  });

  it("ltop run --platform kube --prometheus-service: the app's own rate beside Locust's, in the output, summary.json and scaling.csv", async (t) => {
    const results = mkdtempSync(path.join(tmpdir(), 'ltop-promsvc-'));
    const servedBefore = target.served();
    const run = await ltop([
      'run', '--headless', '--platform', 'kube', '--kubeconfig', cluster.kubeconfig, '--host', target.url, '--workers', '1', '--users', '4', '--spawn-rate', '4', '--duration', '10s', '--results-dir', results,
      '--target-deployment', 'web', '--target-namespace', 'shop',
      '--prometheus-service', 'monitoring/prometheus-k8s:9090', '--prometheus-query', 'sum(rate(http_requests_total[4s]))',
      '--prometheus-latency-query', 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[4s]))) * 1000',
      '--prometheus-errors-query', 'sum(rate(http_requests_total{status=~"5.."}[4s])) or vector(0)',
    ], { timeoutMs: 90_000 });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    const served = target.served() - servedBefore;
    assert.ok(served > 20, `the swarm reached the demo target: ${served} requests`);
    // the printed scaling line carries the server-side rate against Locust's
    const line = /^scaling: .* · server (\d+\.\d)\/s vs Locust (\d+\.\d)\/s \([+-]?\d+%\)( ⚠ gap)?$/m.exec(run.stdout);
    assert.ok(line, run.stdout);
    t.diagnostic(line[0]);
    const dir = path.join(results, readdirSync(results)[0]!);
    const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as RunSummary;
    const rate = summary.scaling?.serverRate;
    assert.ok(rate?.serverRps !== undefined && rate.locustRps !== undefined && rate.serverRps > 0 && rate.locustRps > 0, `${JSON.stringify(summary.scaling)}\n${run.stdout}`);
    assert.equal(line[1], rate.serverRps.toFixed(1));
    // what Prometheus counted cannot exceed what the target served over the run
    assert.ok(rate.serverRps <= served / 4, `server ${rate.serverRps}/s against ${served} served`);
    const [header, ...rows] = readFileSync(path.join(dir, 'scaling.csv'), 'utf8').trim().split('\n');
    assert.equal(header, 'time,elapsed_s,users,rps,p95_ms,web_desired,web_ready,pending_pods,nodes,ready_nodes,at_max,server_rps,server_latency_ms,server_errors');
    assert.ok(rows.some((row) => Number(row.split(',').at(-3)) > 0 && Number(row.split(',').at(-2)) > 0), `a sample with the server's rate and latency:\n${rows.join('\n')}`);
    assert.match(readFileSync(path.join(dir, 'report.html'), 'utf8'), /<th>Server-side rate at the load level<\/th><td[^>]*>server \d+\.\d\/s vs Locust/);
    // and it went through the API server's proxy, with the kubeconfig's credentials
    assert.ok(cluster.server.requests.some((r) => r.path === `${PROXY}/api/v1/query`), 'queries through the service proxy');
  });
});
