// Issue 14's user trial: killing one replica of the demo target (a node:cluster process) under
// load must not make /metrics go back (a real Prometheus would see a reset and ltop a false
// gap) nor lose its count from /__ltop/stats; the exit is shown (restarts, an event).
// The demo target as the user runs it (src/demo/main.ts --replicas 3), a real Prometheus
// scraping it every second, `kill PID` and `kill -9 PID` on one process each.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { demoTargetAdmin, type DemoTargetAdmin } from '../../src/demo/admin-client.js';
import { localTargetView } from '../../src/target/local.js';
import { PrometheusClient } from '../../src/prometheus/client.js';
import { waitFor } from '../../src/util/wait.js';
import { startPrometheus, type RealPrometheus } from '../prometheus/real-prometheus.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const SERIES = 'http_requests_total{method="GET",route="/posts/:id",status="200"}';

const counter = (text: string): number => Number(text.split('\n').find((l) => l.startsWith(SERIES + ' '))?.slice(SERIES.length + 1) ?? 0);

describe('demo target --replicas 3: a replica killed under load', () => {
  let child: ChildProcessWithoutNullStreams;
  let url: string;
  let admin: DemoTargetAdmin;
  let prom: RealPrometheus;
  before(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/demo/main.ts', '--replicas', '3', '--latency-ms', '2', '--jitter-ms', '0'], { cwd: repo, stdio: ['pipe', 'pipe', 'pipe'] });
    const [line] = (await Promise.race([once(createInterface({ input: child.stdout }), 'line'), once(child, 'exit').then(() => Promise.reject(new Error('exited before listening')))])) as [string];
    url = (JSON.parse(line) as { url: string }).url;
    admin = demoTargetAdmin(url);
    prom = await startPrometheus([new URL(url).host]);
  });
  after(async () => {
    await prom?.close();
    child.kill('SIGTERM');
    await once(child, 'exit');
  });

  test('kill PID: nothing lost; kill -9 PID: no counter goes back; both exits are events, each slot counts its restart', async (t) => {
    let stop = false;
    let answered = 0;
    // bounded load on fresh connections (each may land on any process); failures are the killed one's in-flight requests
    const loop = async (): Promise<void> => {
      for (let i = 0; i < 20_000 && !stop; i++) {
        const res = await fetch(`${url}/posts/1`, { headers: { connection: 'close' } }).catch(() => undefined);
        if (res?.ok) {
          await res.text();
          answered++;
        }
      }
    };
    // /metrics read as often as the loop allows: the counter must never read lower than before
    let highest = 0;
    let wentBack = '';
    const watch = async (): Promise<void> => {
      while (!stop) {
        const value = counter(await admin.metrics());
        if (value < highest) wentBack ||= `${highest} -> ${value}`;
        highest = Math.max(highest, value);
      }
    };
    const load = Promise.all([loop(), loop(), watch()]);
    try {
      await waitFor(async () => (await admin.stats()).served > 300, { timeoutMs: 30_000, what: 'load on every process' });
      const [first, second] = (await admin.stats()).processes;
      // kill PID (SIGTERM): the process hands its counts over before it goes
      process.kill(first!.pid, 'SIGTERM');
      await waitFor(async () => (await admin.stats()).exits?.length === 1 && (await admin.stats()).replicas === 3, { timeoutMs: 30_000, what: 'the SIGTERMed process replaced' });
      // and kill -9: it keeps the counts it last reported
      await waitFor(async () => (await admin.stats()).served > highest + 200, { timeoutMs: 30_000, what: 'more load' });
      process.kill(second!.pid, 'SIGKILL');
      await waitFor(async () => (await admin.stats()).exits?.length === 2 && (await admin.stats()).replicas === 3, { timeoutMs: 30_000, what: 'the killed process replaced' });
      await waitFor(async () => (await admin.stats()).served > highest + 200, { timeoutMs: 30_000, what: 'load after the kill' });
    } finally {
      stop = true;
      await load;
    }
    assert.equal(wentBack, '', `/metrics went back: ${wentBack}`);
    const stats = await admin.stats();
    t.diagnostic(`answered ${answered}, served ${stats.served}, ${stats.exits?.map((e) => `${e.pid} ${e.signal ?? e.code} -> ${e.replacedBy}`).join(', ')}`);
    // only what the SIGKILLed process answered since the primary's last look (every 0.5 s) may be missing
    assert.ok(stats.served <= answered && stats.served >= answered * 0.9, `served ${stats.served} of ${answered} answered`);
    assert.equal(counter(await admin.metrics()), stats.served, 'the metrics and the stats agree');
    const [term, kill] = stats.exits!;
    assert.deepEqual([term!.pid, term!.signal, kill!.pid, kill!.signal], [first!.pid, 'SIGTERM', second!.pid, 'SIGKILL']);
    assert.ok(stats.processes.some((p) => p.pid === term!.replacedBy) && stats.processes.some((p) => p.pid === kill!.replacedBy), 'both replaced');

    // what Prometheus saw: no reset of the counter at all
    const client = new PrometheusClient({ url: prom.url });
    await waitFor(async () => ((await client.scalar(`max_over_time(${SERIES}[5m])`)) ?? 0) >= stats.served - 50, { timeoutMs: 20_000, what: 'Prometheus to scrape the last counts' });
    assert.equal(await client.scalar(`sum(resets(http_requests_total[5m]))`), 0, 'Prometheus saw no counter reset');

    // the Target tab: each replacement's slot counts 1 restart; the exits are events
    const view = localTargetView(stats, { desired: 3, startedAt: Date.now() - 60_000, now: Date.now() });
    const restarts = Object.fromEntries(view.deployments[0]!.pods.map((p) => [p.name, p.restarts]));
    assert.equal(restarts[`pid ${term!.replacedBy}`], 1);
    assert.equal(restarts[`pid ${kill!.replacedBy}`], 1);
    assert.deepEqual(view.events.map((e) => e.message), [`process ${kill!.pid} exited (SIGKILL); replaced by ${kill!.replacedBy}`, `process ${term!.pid} exited (SIGTERM); replaced by ${term!.replacedBy}`]);
  });
});
