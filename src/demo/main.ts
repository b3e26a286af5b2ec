// Child-process entry of the demo target:
//   node dist/demo/main.js --port 0 --latency-ms 20 --error-rate 0.01 [--replicas 4] [--capacity 8]
// Prints exactly one JSON line {"event":"listening","url":"http://127.0.0.1:PORT"} on stdout
// once every serving process accepts connections, and exits 0 on SIGTERM, SIGINT or SIGHUP.
// This process is the cluster's primary; the serving processes (node:cluster workers) run
// this same file and take the other branch. Bad flags: one line on stderr, exit 2.

import cluster from 'node:cluster';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { runServingProcess, startDemoCluster } from './cluster.js';
import type { DemoCluster } from './cluster.js';
import { MAX_REPLICAS } from './server.js';

function number(min: number, max: number, integer = false) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new InvalidArgumentError(`expected ${integer ? 'an integer' : 'a number'} between ${min} and ${max}`);
    }
    return n;
  };
}

interface Flags {
  host: string;
  port: number;
  latencyMs: number;
  jitterMs: number;
  errorRate: number;
  capacity: number;
  latencyPerInflightMs: number;
  replicas: number;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command()
    .name('ltop-demo')
    .description('ltop demo target: a small HTTP API on loopback for load tests')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'port to bind (0 = a free port)', number(0, 65535, true), 0)
    .option('--latency-ms <ms>', 'base latency of every response', number(0, 60_000), 5)
    .option('--jitter-ms <ms>', 'latency varies by up to +/- this much', number(0, 60_000), 5)
    .option('--error-rate <rate>', 'fraction of requests answered 500 (0-1)', number(0, 1), 0)
    .option('--capacity <n>', 'requests one process serves at a time; more wait for a slot (0 = unlimited)', number(0, 100_000, true), 0)
    .option('--latency-per-inflight-ms <ms>', 'extra latency per other request in flight (per process)', number(0, 60_000), 0)
    .option('--replicas <n>', 'serving processes behind the one port (POST /__ltop/replicas changes it live)', number(1, MAX_REPLICAS, true), 1)
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });

  try {
    program.parse([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') {
        return 0;
      }
      process.stderr.write(`ltop-demo: ${e.message.replace(/^error:\s*/, '').split('\n')[0] ?? ''}\n`);
      return 2;
    }
    throw e;
  }
  const flags = program.opts<Flags>();

  let target: DemoCluster;
  try {
    target = await startDemoCluster(flags);
  } catch (e) {
    process.stderr.write(`ltop-demo: cannot listen on ${flags.host}:${flags.port}: ${(e as Error).message}\n`);
    return 1;
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      target.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    process.on('SIGHUP', stop);
    // Started by ltop (LTOP_PARENT_PID): leave when ltop is gone, even if it was killed outright.
    const parent = Number(process.env['LTOP_PARENT_PID']);
    if (Number.isInteger(parent) && parent > 0) setInterval(() => process.ppid !== parent && stop(), 1000).unref();
    process.stdout.write(JSON.stringify({ event: 'listening', url: target.url }) + '\n');
  });
}

if (cluster.isPrimary) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`ltop-demo: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
} else {
  runServingProcess().catch((e: unknown) => {
    process.stderr.write(`ltop-demo: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
