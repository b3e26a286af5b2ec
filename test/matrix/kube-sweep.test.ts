// `ltop matrix --platform kube` end to end: the built CLI against the test API server (proven
// with kubectl in test/kube), a real Locust master behind the master pod's port-forward, and one
// real Locust worker process for every worker pod the cluster runs (started when the pod is
// Ready, stopped when it is deleted), so "scale the workers and wait until they are connected"
// is the real thing. The target is a Deployment in its own namespace, scaled through its scale
// subresource; the load goes to the demo target on loopback.
import assert from 'node:assert/strict';
import { execa, type ResultPromise } from 'execa';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { startDemoTarget } from '../../src/demo/server.js';
import { findLocust } from '../../src/platforms/local/locust-binary.js';
import type { RunSummary } from '../../src/report/summary.js';
import { OVERLAY, startCluster, type Cluster } from '../kube/helpers.js';
import { freePort } from '../kube/locust.js';
import { ltop, repoRoot } from '../support/cli.js';
import { podIsReady, TargetScript } from '../support/kube-api/index.js';
import { eventually } from '../support/wait.js';

const env = { PYTHONPATH: path.join(repoRoot, 'runtime'), LOCUST_SCENARIO: 'jsonplaceholder', PYTHONDONTWRITEBYTECODE: '1' };
const locustfile = path.join(repoRoot, 'scenarios', 'locustfile.py');

describe('ltop matrix --platform kube (test API server, real Locust master and workers)', () => {
  let cluster: Cluster;
  let target: Awaited<ReturnType<typeof startDemoTarget>>;
  let master: ResultPromise;
  const workers = new Map<string, ResultPromise>();
  let zmqPort = 0;
  let webPort = 0;
  let script: TargetScript;
  /** the web Deployment's spec.replicas each time it changed */
  const targetReplicas: number[] = [];

  const masterWorkers = async (): Promise<number> => ((await (await fetch(`http://127.0.0.1:${webPort}/stats/requests`)).json()) as { workers: unknown[] }).workers.length;

  before(async () => {
    target = await startDemoTarget({ latencyMs: 2 });
    webPort = await freePort();
    zmqPort = await freePort();
    master = execa(findLocust(), ['-f', locustfile, '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', String(zmqPort), '--web-host', '127.0.0.1', '--web-port', String(webPort)], { env, reject: false, stdin: 'ignore' });
    await eventually(async () => (await fetch(`http://127.0.0.1:${webPort}/stats/requests`).catch(() => null))?.ok, 'the Locust master', 30_000, 100);
    cluster = await startCluster({
      portTarget: (_namespace, pod, port) => (pod.startsWith('ltop-master-') && port === 8089 ? { host: '127.0.0.1', port: webPort } : pod.startsWith('ltop-master-') && port === 5557 ? { host: '127.0.0.1', port: zmqPort } : undefined),
    });
    // the kubelet's part for the worker pods: a Ready pod runs a real worker, a deleted one stops it
    cluster.server.store.subscribe((event) => {
      if (event.def.kind === 'Deployment' && event.namespace === 'shop') {
        const replicas = Number((event.object.spec as { replicas?: number }).replicas);
        if (targetReplicas.at(-1) !== replicas) targetReplicas.push(replicas);
      }
      if (event.def.kind !== 'Pod' || event.namespace !== 'ltop') return;
      const name = String((event.object.metadata as { name: string }).name);
      if (!name.startsWith('ltop-worker-')) return;
      if (event.type === 'DELETED') {
        workers.get(name)?.kill('SIGTERM');
        workers.delete(name);
      } else if (podIsReady(event.object) && !workers.has(name)) {
        workers.set(name, execa(findLocust(), ['-f', locustfile, '--worker', '--master-host', '127.0.0.1', '--master-port', String(zmqPort)], { env, reject: false, stdin: 'ignore' }));
      }
    });
    script = new TargetScript(cluster.server, { namespace: 'shop', name: 'web', replicas: 1, minReplicas: 1, maxReplicas: 1, cpuTargetPercent: 50, nodes: ['node-a', 'node-b'], hpa: false });
    script.setup();
  });

  after(async () => {
    const children = [...workers.values(), master];
    for (const child of children) child?.kill('SIGTERM');
    await Promise.all(children.map((child) => child?.catch(() => undefined)));
    await cluster?.close();
    await target?.close();
  });

  it('replicas 1,2 x workers 1,2: scales the Deployment and the workers per cell, one master for the sweep, every cell with its files', async () => {
    const results = mkdtempSync(path.join(tmpdir(), 'ltop-kube-matrix-'));
    const run = await ltop(['matrix', '--platform', 'kube', '--kubeconfig', cluster.kubeconfig, '--overlay', OVERLAY, '--host', target.url, '--target-deployment', 'web', '--target-namespace', 'shop', '--replicas', '1,2', '--workers', '1,2', '--users', '4', '--duration', '1s', '--results-dir', results]);
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    const dir = path.join(results, readdirSync(results)[0]!);
    const rows = parse(readFileSync(path.join(dir, 'matrix.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    assert.deepEqual(rows.map((row) => `${row['Replicas']}/${row['Workers']}/${row['Users']} ${row['Status']}`), ['1/1/4 ok', '1/2/4 ok', '2/1/4 ok', '2/2/4 ok']);
    for (const row of rows) {
      const cell = path.join(dir, `r${row['Replicas']}-w${row['Workers']}-u4`);
      for (const file of ['summary.json', 'requests.csv', 'report.html', 'scaling.csv']) assert.ok(existsSync(path.join(cell, file)), `${cell}/${file}`);
      const summary = JSON.parse(readFileSync(path.join(cell, 'summary.json'), 'utf8')) as RunSummary;
      assert.equal(summary.platform, 'kube');
      assert.equal(summary.workers.connected, Number(row['Workers']), 'the master saw exactly the cell\'s workers');
      assert.ok(summary.totals.requests > 0 && summary.totals.requests === Number(row['Total_Requests']));
      // the target's pods as the Target tab follows them: every replica of the cell Ready
      assert.equal(summary.scaling?.maxReady, Number(row['Replicas']), JSON.stringify(summary.scaling));
      const scaling = parse(readFileSync(path.join(cell, 'scaling.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
      assert.ok(scaling.some((sample) => sample['shop/web_ready'] === row['Replicas'] || sample['web_ready'] === row['Replicas']), readFileSync(path.join(cell, 'scaling.csv'), 'utf8'));
    }
    // the target's figures per cell in matrix.json and report.md too
    const sweep = JSON.parse(readFileSync(path.join(dir, 'matrix.json'), 'utf8')) as { cells: { key: string; scaling?: { maxReady: number } }[] };
    assert.deepEqual(sweep.cells.map((record) => `${record.key} ${record.scaling?.maxReady}`), ['r1-w1-u4 1', 'r1-w2-u4 1', 'r2-w1-u4 2', 'r2-w2-u4 2']);
    assert.match(readFileSync(path.join(dir, 'report.md'), 'utf8'), /## The target per cell\n\n\| Cell \| Desired_max \| Ready_max [^\n]*\n\|[-|]+\n\| r1-w1-u4 \| 1 \| 1 \| 2 \|/);
    const scaled = cluster.server.requests.filter((request) => request.method === 'PATCH' && request.path === '/apis/apps/v1/namespaces/shop/deployments/web/scale');
    assert.equal(scaled.length, 4, 'the Deployment through its scale subresource, once per cell');
    assert.deepEqual(targetReplicas, [1, 2], 'what the Deployment was asked for, in order');
    const applies = cluster.server.requests.filter((request) => request.method === 'PATCH' && request.contentType?.includes('apply-patch') && request.path.endsWith('/deployments/ltop-master'));
    assert.equal(applies.length, 1, 'one deploy for the whole sweep');
    assert.match(run.stdout, /results: .*matrix\.csv, matrix\.json, report\.md/);
    await eventually(async () => (await masterWorkers()) === 2, 'the last cell\'s two workers still connected (the swarm stays deployed)', 20_000, 200);
  });

  it('a target that never gets ready fails its cell with the scheduler\'s reason', async () => {
    const results = mkdtempSync(path.join(tmpdir(), 'ltop-kube-matrix-'));
    script.full('0/2 nodes are available: 2 Insufficient cpu.');
    try {
      const run = await ltop(['matrix', '--platform', 'kube', '--kubeconfig', cluster.kubeconfig, '--overlay', OVERLAY, '--host', target.url, '--target-deployment', 'web', '--target-namespace', 'shop', '--replicas', '3', '--workers', '2', '--users', '4', '--duration', '1s', '--ready-timeout', '3s', '--results-dir', results]);
      assert.equal(run.exitCode, 1, 'a failed cell fails the sweep');
      const dir = path.join(results, readdirSync(results)[0]!);
      const rows = parse(readFileSync(path.join(dir, 'matrix.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
      assert.deepEqual(rows.map((row) => row['Replicas']), ['3']);
      assert.equal(rows[0]!['Status'], 'failed; target not ready: deployment web not ready after 3 s: 2/3 ready (Unschedulable: 0/2 nodes are available: 2 Insufficient cpu.)');
      // resuming it without --platform kube would run the rest somewhere else: refused, one line, exit 2
      const resumed = await ltop(['matrix', '--resume', dir]);
      assert.equal(resumed.exitCode, 2);
      assert.equal(resumed.stderr.trim(), `ltop: --resume ${dir}: that sweep ran on kube; give --platform kube again (with the flags it ran with, e.g. --target-deployment)`);
    } finally {
      script.nodeReady('node-a');
    }
  });

  it('--replicas on kube without --target-deployment is a usage error before anything starts', async () => {
    const before = cluster.server.requests.length;
    const run = await ltop(['matrix', '--platform', 'kube', '--kubeconfig', cluster.kubeconfig, '--replicas', '1,2', '--workers', '1', '--users', '2', '--target-selector', 'app=web']);
    assert.equal(run.exitCode, 2);
    assert.equal(run.stderr.trim(), 'ltop: --replicas on kube scales the Deployments named by --target-deployment NAME (--target-selector is not enough: name them)');
    assert.equal(cluster.server.requests.length, before, 'nothing was asked of the cluster');
  });

  it('an HPA on the workers is refused before the first cell, with what to do', async () => {
    const applied = await cluster.kubectl(['apply', '-n', 'ltop', '-f', path.join(repoRoot, 'k8s', 'base', 'worker-hpa.yaml')]);
    assert.equal(applied.exitCode, 0, applied.stderr);
    const results = mkdtempSync(path.join(tmpdir(), 'ltop-kube-matrix-'));
    const run = await ltop(['matrix', '--platform', 'kube', '--kubeconfig', cluster.kubeconfig, '--overlay', OVERLAY, '--host', target.url, '--workers', '1', '--users', '2', '--duration', '1s', '--results-dir', results]);
    assert.equal(run.exitCode, 1);
    assert.equal(run.stderr.trim(), 'ltop matrix: HPA ltop-worker scales the workers in ltop: a sweep sets each cell\'s worker count, and the HPA would change it under load; delete it for the sweep (kubectl delete hpa ltop-worker -n ltop) or deploy with k8s/components/matrix-job, which leaves it out');
  });
});
