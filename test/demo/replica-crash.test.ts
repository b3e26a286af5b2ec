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
    admin = demoTargetAdmin(url, 5000);
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
        const res = await fetch(`${url}/posts/1`, { headers: { connection: 'close' }, signal: AbortSignal.timeout(5000) }).catch(() => undefined);
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
        const text = await admin.metrics().catch(() => undefined);
        if (text === undefined) continue;
        const value = counter(text);
        if (value < highest) wentBack ||= `${highest} -> ${value}`;
        highest = Math.max(highest, value);
      }
    };
    const load = Promise.all([loop(), loop(), watch()]);
    // an admin request may land on the process being killed: ask again
    const stats = async () => {
      for (let i = 0; ; i++) {
        const s = await admin.stats().catch((e: Error) => (i < 20 ? undefined : Promise.reject(e)));
        if (s) return s;
      }
    };
    let first: { pid: number } | undefined;
    let second: { pid: number } | undefined;
    try {
      await waitFor(async () => (await stats()).served > 300, { timeoutMs: 30_000, what: 'load on every process' });
      [first, second] = (await stats()).processes;
      // kill PID (SIGTERM): the process hands its counts over before it goes
      process.kill(first!.pid, 'SIGTERM');
      await waitFor(async () => (await stats()).exits?.length === 1 && (await stats()).replicas === 3, { timeoutMs: 30_000, what: 'the SIGTERMed process replaced' });
      // and kill -9: it keeps the counts it last reported
      const mark = (await stats()).served;
      await waitFor(async () => (await stats()).served > mark + 200, { timeoutMs: 30_000, what: 'more load' });
      process.kill(second!.pid, 'SIGKILL');
      await waitFor(async () => (await stats()).exits?.length === 2 && (await stats()).replicas === 3, { timeoutMs: 30_000, what: 'the killed process replaced' });
      const after = (await stats()).served;
      await waitFor(async () => (await stats()).served > after + 200, { timeoutMs: 30_000, what: 'load after the kill' });
    } finally {
      stop = true;
      await load;
    }
    assert.equal(wentBack, '', `/metrics went back: ${wentBack}`);
    const final = await stats();
    t.diagnostic(`answered ${answered}, served ${final.served}, ${final.exits?.map((e) => `${e.pid} ${e.signal ?? e.code} -> ${e.replacedBy}`).join(', ')}`);
    // only what the SIGKILLed process answered since the primary's last look (every 0.5 s) may be missing
    assert.ok(final.served <= answered && final.served >= answered * 0.9, `served ${final.served} of ${answered} answered`);
    assert.equal(counter(await admin.metrics()), final.served, 'the metrics and the stats agree');
    const [term, kill] = final.exits!;
    assert.deepEqual([term!.pid, term!.signal, kill!.pid, kill!.signal], [first!.pid, 'SIGTERM', second!.pid, 'SIGKILL']);
    assert.ok(final.processes.some((p) => p.pid === term!.replacedBy) && final.processes.some((p) => p.pid === kill!.replacedBy), 'both replaced');

    // what Prometheus saw: no reset of the counter at all
    const client = new PrometheusClient({ url: prom.url });
    await waitFor(async () => ((await client.scalar(`max_over_time(${SERIES}[5m])`)) ?? 0) >= final.served - 50, { timeoutMs: 20_000, what: 'Prometheus to scrape the last counts' });
    assert.equal(await client.scalar(`sum(resets(http_requests_total[5m]))`), 0, 'Prometheus saw no counter reset');

    // the Target tab: each replacement's slot counts 1 restart; the exits are events
    const view = localTargetView(final, { desired: 3, startedAt: Date.now() - 60_000, now: Date.now() });
    const restarts = Object.fromEntries(view.deployments[0]!.pods.map((p) => [p.name, p.restarts]));
    assert.equal(restarts[`pid ${term!.replacedBy}`], 1);
    assert.equal(restarts[`pid ${kill!.replacedBy}`], 1);
    assert.deepEqual(view.events.map((e) => e.object), [`Process/${kill!.pid}`, `Process/${term!.pid}`]);
    assert.deepEqual(view.events.map((e) => e.message), [`exited (SIGKILL); replaced by ${kill!.replacedBy}`, `exited (SIGTERM); replaced by ${term!.replacedBy}`]);
  });
});
