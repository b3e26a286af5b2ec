// npm run bench:launch
//
// From `ltop` to live numbers: `bin/ltop run --headless` on the local platform (master, 2
// workers, the demo target), timed from the spawn to (1) the swarm being sent, which needs the
// master up and both workers connected, and (2) the first progress line that carries requests.
// Progress lines come every second, so (2) is at most 1 s late. Prints a Markdown table and JSON.
//
// Options (env): LTOP_BENCH_RUNS (3)

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pinnedLocustVersion } from '../src/platforms/local/locust-binary.js';

const RUNS = Number(process.env.LTOP_BENCH_RUNS ?? 3);
const repo = new URL('..', import.meta.url).pathname;

interface Launch {
  readonly swarmSentMs: number;
  readonly firstStatsMs: number;
}

function launchOnce(): Promise<Launch> {
  const dir = mkdtempSync(join(tmpdir(), 'ltop-launch-'));
  const started = performance.now();
  const child = spawn(
    join(repo, 'bin', 'ltop'),
    ['run', '--headless', '--users', '10', '--workers', '2', '--duration', '20s', '--interval', '1s', '--results-dir', join(dir, 'results')],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LTOP_STATE_DIR: join(dir, 'state') } },
  );
  return new Promise((resolve, reject) => {
    let swarmSentMs: number | null = null;
    const timer = setTimeout(() => finish(new Error('no live stats within 60 s')), 60_000);
    let finished = false;
    const finish = (error: Error | null, launch?: Launch) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      child.kill('SIGTERM');
      child.once('close', () => {
        rmSync(dir, { recursive: true, force: true });
        if (error) reject(error);
        else resolve(launch!);
      });
    };
    const onLine = (line: string) => {
      const at = performance.now() - started;
      if (swarmSentMs === null && line.startsWith('ltop: swarming')) swarmSentMs = at;
      const requests = /requests=(\d+)/.exec(line);
      if (swarmSentMs !== null && requests && Number(requests[1]) > 0) finish(null, { swarmSentMs, firstStatsMs: at });
    };
    // progress lines go to stdout (to stderr with --json); either way, read both
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.once('exit', (code) => {
      if (swarmSentMs === null) finish(new Error(`ltop exited ${code} before it swarmed`));
    });
  });
}

async function main(): Promise<void> {
  const runs: Launch[] = [];
  for (let run = 0; run < RUNS; run++) {
    runs.push(await launchOnce());
    process.stderr.write(`  run ${run + 1}: swarm sent ${runs.at(-1)!.swarmSentMs.toFixed(0)} ms, first live stats ${runs.at(-1)!.firstStatsMs.toFixed(0)} ms\n`);
  }
  const cpu = cpus();
  const machine = `${cpu.length} x ${cpu[0]?.model.trim() ?? 'cpu'}, load ${loadavg()[0]?.toFixed(2)}`;
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(`\nMachine: ${machine}. Locust ${pinnedLocustVersion()}, local platform, 2 workers, ${RUNS} runs.\n`);
  console.log('| from `bin/ltop run --headless` to | median ms | runs ms |');
  console.log('|---|---:|---|');
  console.log(`| master up, 2 workers connected, swarm sent | ${median(runs.map((r) => r.swarmSentMs)).toFixed(0)} | ${runs.map((r) => r.swarmSentMs.toFixed(0)).join(', ')} |`);
  console.log(`| first progress line with requests | ${median(runs.map((r) => r.firstStatsMs)).toFixed(0)} | ${runs.map((r) => r.firstStatsMs.toFixed(0)).join(', ')} |`);
  console.log(JSON.stringify({ bench: 'launch', machine, runs }));
}

await main();
