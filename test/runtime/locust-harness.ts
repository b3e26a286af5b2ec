// Runs the real Locust (the pinned one, from runtime/.venv) as master + workers or standalone against a
// loopback target, for the runtime tests and the runtime benchmark. Every process started
// here is tracked and killed by stopAll(); every wait is bounded.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { findLocust } from '../../src/platforms/local/locust-binary.js';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../..', import.meta.url));
export const runtimeDir = join(repo, 'runtime');
export const scenariosDir = join(repo, 'scenarios');
export const selector = join(scenariosDir, 'locustfile.py');
export const pluginFile = join(runtimeDir, 'ltop_plugin.py');
/** The Locust ltop itself would run (LTOP_LOCUST, runtime/.venv, PATH): tests and users share one engine. */
export const locustBin = process.env.LTOP_TEST_LOCUST ?? findLocust();
/** The Python that Locust runs under: the venv's own interpreter sits beside its `locust` script. */
export const locustPython = existsSync(join(dirname(locustBin), 'python')) ? join(dirname(locustBin), 'python') : 'python3';

/** Scenario names exactly as the TypeScript side lists them: scenarios/*.py minus locustfile.py and _*. */
/**
 * What a distributed master logs when the spawn is done. When a worker's report is late (a
 * loaded machine) Locust logs "Spawning is complete and report waittime is expired, but not
 * all reports received from workers" instead of "All users spawned": both mean the same.
 */
export const MASTER_SPAWN_COMPLETE = /All users spawned|Spawning is complete and report waittime is expired/;

export function scenarioNames(): string[] {
  return readdirSync(scenariosDir)
    .filter((f) => f.endsWith('.py') && f !== 'locustfile.py' && !f.startsWith('_'))
    .map((f) => f.slice(0, -3))
    .sort();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface Proc {
  readonly name: string;
  readonly child: ChildProcess;
  /** everything written to stdout+stderr so far */
  output(): string;
  /** resolves with the exit code (or signal name) when the process has ended and its pipes closed */
  readonly exited: Promise<number | string>;
  /** resolves when the output matches, rejects after timeoutMs or if the process ends first */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
}

export class ProcessGroup {
  private readonly procs: Proc[] = [];

  start(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = repo): Proc {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const waiters = new Set<() => void>();
    const onData = (c: Buffer) => {
      out += c.toString();
      for (const w of waiters) w();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const exited = new Promise<number | string>((resolve) => {
      child.once('error', (e) => {
        out += `\nspawn error: ${e.message}\n`;
        resolve('spawn-error');
      });
      child.once('close', (code, signal) => {
        resolve(code ?? signal ?? 'unknown');
        for (const w of waiters) w();
      });
    });
    let ended = false;
    void exited.then(() => (ended = true));
    const proc: Proc = {
      name,
      child,
      output: () => out,
      exited,
      waitFor(pattern, timeoutMs) {
        return new Promise<void>((resolve, reject) => {
          const check = () => {
            if (pattern.test(out)) done(undefined);
            else if (ended || child.exitCode !== null) done(new Error(`${name} ended before ${pattern}:\n${out.slice(-3000)}`));
          };
          const timer = setTimeout(() => done(new Error(`${name}: no ${pattern} within ${timeoutMs} ms:\n${out.slice(-3000)}`)), timeoutMs);
          const done = (err: Error | undefined) => {
            clearTimeout(timer);
            waiters.delete(check);
            if (err) reject(err);
            else resolve();
          };
          waiters.add(check);
          check();
        });
      },
    };
    this.procs.push(proc);
    return proc;
  }

  /** Waits for a process to end, killing it after timeoutMs (then fails the wait). */
  async exitOf(proc: Proc, timeoutMs: number): Promise<number | string> {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      proc.child.kill('SIGKILL');
    }, timeoutMs);
    try {
      const code = await proc.exited;
      if (timedOut) throw new Error(`${proc.name} did not end within ${timeoutMs} ms:\n${proc.output().slice(-3000)}`);
      return code;
    } finally {
      clearTimeout(timer);
    }
  }

  async stopAll(): Promise<void> {
    for (const p of this.procs) {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    }
    await Promise.all(this.procs.map((p) => Promise.race([p.exited, new Promise((r) => setTimeout(r, 5000))])));
  }
}

export function locustEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  // The pinned Locust's bin/ first on PATH, as /opt/venv/bin is in the image (the entrypoint runs `locust`).
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${dirname(locustBin)}${delimiter}${process.env['PATH'] ?? ''}`,
    PYTHONPATH: runtimeDir,
    PYTHONDONTWRITEBYTECODE: '1',
  };
  // never inherit a scenario, mode or secrets from the developer's shell
  for (const k of Object.keys(env)) {
    if (k.startsWith('LOCUST_') || k.startsWith('LTOP_')) delete env[k];
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export interface StatsEntry {
  method: string | null;
  name: string;
  num_requests: number;
  num_failures: number;
  total_rps: number;
}

export interface Summary {
  run_id: string;
  scenario: string | null;
  role: string;
  exit_code: number | null;
  locust_version: string;
  stats: StatsEntry[];
  total: StatsEntry;
  errors: { method: string; name: string; error: string; occurrences: number }[];
}

export function readSummary(path: string): Summary {
  return JSON.parse(readFileSync(path, 'utf8')) as Summary;
}

export interface SwarmOptions {
  /** locustfile argument for -f */
  locustfile: string;
  host: string;
  workers: number;
  users: number;
  runTime: string;
  env?: Record<string, string | undefined>;
  extraMasterArgs?: string[];
}

export interface Swarm {
  master: Proc;
  workers: Proc[];
  summaryPath: string;
}

/** master (headless) + N workers on free ports; caller waits on master.exited. */
export async function startSwarm(group: ProcessGroup, dir: string, o: SwarmOptions): Promise<Swarm> {
  const port = await freePort();
  const summaryPath = join(dir, 'summary.json');
  const base = locustEnv({ LTOP_SUMMARY_JSON: summaryPath, ...o.env });
  const master = group.start(
    'master',
    locustBin,
    [
      '-f', o.locustfile,
      '--headless', '--master',
      '--master-bind-host', '127.0.0.1', '--master-bind-port', String(port),
      '--expect-workers', String(o.workers), '--expect-workers-max-wait', '30',
      '-u', String(o.users), '-r', String(o.users), '-t', o.runTime,
      '--host', o.host, '--only-summary',
      ...(o.extraMasterArgs ?? []),
    ],
    base,
    dir,
  );
  const workers: Proc[] = [];
  for (let i = 0; i < o.workers; i++) {
    workers.push(
      group.start(
        `worker${i + 1}`,
        locustBin,
        ['-f', o.locustfile, '--worker', '--master-host', '127.0.0.1', '--master-port', String(port)],
        locustEnv({ ...o.env }),
        dir,
      ),
    );
  }
  return { master, workers, summaryPath };
}

/** Runs a swarm to completion and returns the master's exit code and summary. */
export async function runSwarm(o: SwarmOptions, timeoutMs: number): Promise<{ code: number | string; summary: Summary; swarm: Swarm }> {
  const group = new ProcessGroup();
  const dir = tempDir('ltop-swarm-');
  try {
    const swarm = await startSwarm(group, dir.path, o);
    const code = await group.exitOf(swarm.master, timeoutMs);
    await Promise.all(swarm.workers.map((w) => group.exitOf(w, 15_000)));
    if (!existsSync(swarm.summaryPath)) throw new Error(`no summary written; master output:\n${swarm.master.output().slice(-4000)}`);
    return { code, summary: readSummary(swarm.summaryPath), swarm };
  } finally {
    await group.stopAll();
    dir.remove();
  }
}

export function countsByRequest(summary: Summary): Map<string, StatsEntry> {
  return new Map(summary.stats.map((e) => [`${e.method ?? ''} ${e.name}`, e]));
}
