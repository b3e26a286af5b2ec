// `ltop run --headless --budget` on kube end to end: the built CLI, the test API server with
// AWS-labelled Node objects (the meter prices them from the Node watch the panels share), a real
// Locust master and worker behind the master pod's port-forward. The budget must stop the test,
// save its results and exit 1 long before the planned duration, also while ltop still waits for
// workers (where it used to sit out the 60 s workers timeout).
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDemoTarget } from '../../src/demo/server.js';
import type { RunSummary } from '../../src/report/summary.js';
import { startCluster, type Cluster } from '../kube/helpers.js';
import { startLocustSwarm } from '../kube/locust.js';
import { cliEntry, repoRoot } from '../support/cli.js';

const awsNode = (name: string, type: string): object => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'node.kubernetes.io/instance-type': type, 'topology.kubernetes.io/region': 'us-east-1', 'topology.kubernetes.io/zone': 'us-east-1a', 'eks.amazonaws.com/capacityType': 'ON_DEMAND' } },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});

describe('ltop run --headless --budget on kube (test API server, real Locust)', () => {
  let cluster: Cluster;
  let target: Awaited<ReturnType<typeof startDemoTarget>>;
  let locust: Awaited<ReturnType<typeof startLocustSwarm>> | undefined;
  const addNodes = async (nodes: object[]): Promise<void> => {
    const applied = await cluster.kubectl(['apply', '--validate=false', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: nodes }) });
    assert.equal(applied.exitCode, 0, applied.stderr);
  };
  const run = (args: string[], onLine: (line: string) => void = () => undefined) => {
    const child = execa(process.execPath, [cliEntry, 'run', '--headless', '--platform', 'kube', '--kubeconfig', cluster.kubeconfig, '--host', target.url, '--users', '2', '--duration', '10m', '--interval', '1', ...args], {
      reject: false, timeout: 120_000, stdin: 'ignore', cwd: repoRoot, env: { FORCE_COLOR: '0' }, all: true,
    });
    let buffered = '';
    child.all?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) onLine(line);
    });
    return child;
  };

  before(async () => {
    target = await startDemoTarget();
    locust = await startLocustSwarm(1);
    const webPort = locust.webPort;
    cluster = await startCluster({ portTarget: (_namespace, pod, port) => (pod.startsWith('ltop-master-') && port === 8089 ? { host: '127.0.0.1', port: webPort } : undefined) });
    // one cheap node: the meter starts (the nodes say their type and region) at ~$0.01/h
    await addNodes([awsNode('ip-10-0-1-1.ec2.internal', 't3.micro')]);
  });

  after(async () => {
    await locust?.stop();
    await cluster?.close();
    await target?.close();
  });

  it('the autoscaler adds 30 big nodes mid-run: the budget is reached, the run stops, its results are saved, exit 1', async () => {
    const results = mkdtempSync(path.join(tmpdir(), 'ltop-budget-'));
    let scaledUp: Promise<void> | undefined;
    // 30 x r6i.4xlarge on-demand in us-east-1: 30 x $1.008/h, $0.05 in about 6 s
    const big = Array.from({ length: 30 }, (_, n) => awsNode(`ip-10-0-2-${n}.ec2.internal`, 'r6i.4xlarge'));
    const child = run(['--workers', '1', '--budget', '0.05', '--results-dir', results], (line) => {
      if (line.startsWith('ltop: swarming')) scaledUp ??= addNodes(big);
    });
    const done = await child;
    await scaledUp;
    assert.equal(done.timedOut, false, `ltop hung:\n${String(done.all)}`);
    assert.equal(done.exitCode, 1, String(done.all));
    assert.ok(scaledUp, `the swarm started:\n${String(done.all)}`);
    assert.match(String(done.stderr), /^ltop: budget \$0\.05 reached: \$0\.\d\d spent \(\d+%\); the test was stopped and its results saved$/m);
    const saved = readdirSync(results);
    assert.equal(saved.length, 1, `one results folder: ${saved.join(', ')}`);
    assert.ok(existsSync(path.join(results, saved[0]!, 'summary.json')));
    const summary = JSON.parse(readFileSync(path.join(results, saved[0]!, 'summary.json'), 'utf8')) as RunSummary;
    assert.ok(summary.totals.requests > 0, 'the requests made before the stop are saved');
  });

  it('the budget reached while ltop waits for a worker that never connects: exit 1 at once, not after the 60 s workers timeout', async () => {
    const results = mkdtempSync(path.join(tmpdir(), 'ltop-budget-'));
    const began = Date.now();
    // two workers expected, one real Locust worker: ltop waits; the 31 nodes spent $0.05 already
    const done = await run(['--workers', '2', '--budget', '0.05', '--results-dir', results]);
    assert.equal(done.exitCode, 1, String(done.all));
    assert.match(String(done.stderr), /budget \$0\.05 reached: .*; the test was stopped$/m);
    assert.doesNotMatch(String(done.all), /workers to connect/);
    assert.ok(Date.now() - began < 55_000, `stopped by the budget, not by the workers timeout (${Date.now() - began} ms)`);
  });
});
