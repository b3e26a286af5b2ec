// npm run bench:accuracy
//
// Are the totals true? A loopback target that counts every request it serves, the same
// locustfile run twice for the same time: by plain Locust (distributed, headless: master + 2
// workers) and by `ltop run --headless` (the same engine, driven through its web API). Each
// reported total is compared with what the target served. Target: within 0.5 %.
//
// Options (env): LTOP_BENCH_SECONDS (20), LTOP_BENCH_USERS (20), LTOP_BENCH_RUNS (1)

import { execa } from 'execa';
import { createServer } from 'node:http';
import { parse } from 'csv-parse/sync';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pinnedLocustVersion } from '../src/platforms/local/locust-binary.js';
import { ProcessGroup, startSwarm, tempDir } from '../test/runtime/locust-harness.js';

const SECONDS = Number(process.env.LTOP_BENCH_SECONDS ?? 20);
const USERS = Number(process.env.LTOP_BENCH_USERS ?? 20);
const RUNS = Number(process.env.LTOP_BENCH_RUNS ?? 1);
const repo = new URL('..', import.meta.url).pathname;

// Short waits keep requests in flight at the moment of the stop: the ones a summary loses first.
const LOCUSTFILE = `from locust import HttpUser, task, between

class Counted(HttpUser):
    wait_time = between(0.01, 0.05)

    @task
    def hit(self):
        self.client.get("/count")
`;

interface CountingTarget {
  readonly url: string;
  served(): number;
  reset(): void;
  close(): Promise<void>;
}

async function countingTarget(): Promise<CountingTarget> {
  let served = 0;
  const server = createServer((req, res) => {
    // a few ms of latency, so a stop really catches requests in flight
    setTimeout(() => {
      served++;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    }, 3);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    served: () => served,
    reset: () => {
      served = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function plainLocust(locustfile: string, host: string, dir: string): Promise<number> {
  const group = new ProcessGroup();
  try {
    // Plain Locust's own account of the run: its --csv stats, Aggregated row.
    const csv = join(dir, 'plain');
    const swarm = await startSwarm(group, dir, { locustfile, host, workers: 2, users: USERS, runTime: `${SECONDS}s`, extraMasterArgs: ['--csv', csv] });
    await group.exitOf(swarm.master, (SECONDS + 60) * 1000);
    await Promise.all(swarm.workers.map((worker) => group.exitOf(worker, 15_000)));
    const rows = parse(readFileSync(`${csv}_stats.csv`, 'utf8'), { columns: true }) as Record<string, string>[];
    return Number(rows.find((row) => row['Name'] === 'Aggregated')?.['Request Count']);
  } finally {
    await group.stopAll();
  }
}

async function ltopHeadless(locustfile: string, host: string, dir: string): Promise<number> {
  const result = await execa(
    join(repo, 'bin', 'ltop'),
    ['run', '--headless', '--json', '--locustfile', locustfile, '--host', host, '--users', String(USERS), '--spawn-rate', String(USERS), '--workers', '2', '--duration', `${SECONDS}s`, '--results-dir', join(dir, 'results')],
    { reject: false, stdin: 'ignore', timeout: (SECONDS + 90) * 1000, env: { ...process.env, LTOP_STATE_DIR: join(dir, 'state') } },
  );
  if (result.exitCode !== 0) throw new Error(`ltop exited ${result.exitCode}: ${result.stderr.slice(-2000)}`);
  return (JSON.parse(result.stdout) as { totals: { requests: number } }).totals.requests;
}

async function main(): Promise<void> {
  const dir = tempDir('ltop-accuracy-');
  const target = await countingTarget();
  const locustfile = join(dir.path, 'counted.py');
  writeFileSync(locustfile, LOCUSTFILE);
  const rows: { runner: string; reported: number; served: number; short: number }[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const [runner, go] of [['plain Locust', plainLocust], ['ltop run --headless', ltopHeadless]] as const) {
        target.reset();
        const reported = await go(locustfile, target.url, dir.path);
        const served = target.served();
        rows.push({ runner, reported, served, short: served ? (served - reported) / served : 0 });
        process.stderr.write(`  ${runner}: reported ${reported}, served ${served}\n`);
      }
    }
  } finally {
    await target.close();
    dir.remove();
  }
  const cpu = cpus();
  const machine = `${cpu.length} x ${cpu[0]?.model.trim() ?? 'cpu'}, load ${loadavg()[0]?.toFixed(2)}`;
  console.log(`\nMachine: ${machine}. Locust ${pinnedLocustVersion()}, master + 2 workers, ${USERS} users, ${SECONDS} s, headless.\n`);
  console.log('| runner | reported | served by the target | short by |');
  console.log('|---|---:|---:|---:|');
  for (const row of rows) console.log(`| ${row.runner} | ${row.reported.toLocaleString('en-US')} | ${row.served.toLocaleString('en-US')} | ${(row.short * 100).toFixed(2)} % |`);
  const worst = Math.max(...rows.filter((row) => row.runner.startsWith('ltop')).map((row) => Math.abs(row.short)));
  console.log(`\nltop within ${(worst * 100).toFixed(2)} % of what the target served (target 0.5 %: ${worst <= 0.005 ? 'met' : 'NOT met'}).`);
  console.log(JSON.stringify({ bench: 'accuracy', machine, seconds: SECONDS, users: USERS, rows }));
}

await main();
