// npm run bench
//
// CPU % (of one core) and peak RSS of ltop following a local swarm of 2 workers in a real
// terminal (tmux) at its default refresh, for LTOP_BENCH_SECONDS (60). As a reference, the
// Locust web UI open in headless Chromium on the same master for the same window, when
// Chromium is installed (apt-get install chromium). Loopback only; the swarm ends with ltop.
// Prints a Markdown table and one JSON line.
//
// ltop runs as users run it, through bin/ltop (the project's Node 22 and its flags).
// Options (env): LTOP_BENCH_SECONDS (60), LTOP_BENCH_USERS (20), LTOP_BENCH_SIZE (120x40),
// LTOP_BENCH_CHROMIUM=0 to leave the web UI out (on a shared machine, or to measure ltop alone)

import { execa, type ResultPromise } from 'execa';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { repoRoot } from '../test/support/cli.js';
import { descendants } from '../test/support/processes.js';
import { eventually } from '../test/support/wait.js';

const SECONDS = Number(process.env['LTOP_BENCH_SECONDS'] ?? 60);
const USERS = Number(process.env['LTOP_BENCH_USERS'] ?? 20);
const [COLUMNS, ROWS] = (process.env['LTOP_BENCH_SIZE'] ?? '120x40').split('x');
const CLOCK_TICKS = 100; // USER_HZ on Linux
const socket = `ck-bench-${process.pid}`;
const WITH_CHROMIUM = process.env['LTOP_BENCH_CHROMIUM'] !== '0';
const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args], { reject: false });

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** CPU ticks (user + system) a process has used so far; 0 once it is gone. */
function ticks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Peak resident set (VmHWM) in MB. */
function peakRssMb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples a group of processes (a root and its descendants as they come and go). */
class Meter {
  private readonly start = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly peaks = new Map<number, number>();
  private startedAt = 0;
  private endedAt = 0;
  constructor(private readonly pids: () => number[]) {}
  begin(): void {
    this.startedAt = Date.now();
    for (const pid of this.pids()) this.start.set(pid, ticks(pid));
  }
  sample(): void {
    for (const pid of this.pids()) {
      if (!this.start.has(pid)) this.start.set(pid, 0);
      this.last.set(pid, ticks(pid));
      this.peaks.set(pid, Math.max(this.peaks.get(pid) ?? 0, peakRssMb(pid)));
    }
  }
  end(): { cpuPercent: number; peakRssMb: number; processes: number } {
    this.sample();
    this.endedAt = Date.now();
    let used = 0;
    for (const [pid, begin] of this.start) used += (this.last.get(pid) ?? begin) - begin;
    const seconds = (this.endedAt - this.startedAt) / 1000;
    const rss = [...this.peaks.values()].reduce((sum, value) => sum + value, 0);
    return { cpuPercent: Math.round((used / CLOCK_TICKS / seconds) * 1000) / 10, peakRssMb: Math.round(rss), processes: this.start.size };
  }
}

async function screen(): Promise<string> {
  return (await tmux('capture-pane', '-p', '-t', 'bench')).stdout;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ltop-bench-'));
  const command = `env LTOP_STATE_DIR=${dir}/state ${path.join(repoRoot, "bin", "ltop")} --results-dir ${dir} --users ${USERS} --spawn-rate ${USERS}`;
  await tmux('new-session', '-d', '-s', 'bench', '-x', COLUMNS ?? '120', '-y', ROWS ?? '40', command);
  let chromium: ResultPromise | null = null;
  try {
    await eventually(async () => /READY .*2\/2 workers/.test(await screen()), 'the cockpit to be ready', 60000, 200);
    const panePid = Number((await tmux('display-message', '-p', '-t', 'bench', '#{pane_pid}')).stdout.trim());
    const ltopPid = [panePid, ...descendants(panePid)].find((pid) => cmdline(pid).includes('cli.js'));
    if (!ltopPid) throw new Error('ltop process not found');
    await tmux('send-keys', '-t', 'bench', 's');
    await eventually(async () => /Start swarm/.test(await screen()), 'the swarm prompt', 10000, 100);
    await tmux('send-keys', '-t', 'bench', 'Enter');
    await tmux('send-keys', '-t', 'bench', 'Enter');
    await eventually(async () => /RUNNING/.test(await screen()), 'the swarm to run', 30000, 200);

    const master = descendants(ltopPid).find((pid) => cmdline(pid).includes('--master '));
    const webPort = /--web-port (\d+)/.exec(master ? cmdline(master) : '')?.[1];
    const browser = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((file) => existsSync(file));
    if (WITH_CHROMIUM && browser && webPort) {
      chromium = execa(browser, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${mkdtempSync(path.join(tmpdir(), 'ltop-bench-chromium-'))}`, '--remote-debugging-port=0', `http://127.0.0.1:${webPort}/`], { reject: false, stdin: 'ignore' });
      await delay(5000); // let the page load before the window opens; not an assertion
    }

    const ltop = new Meter(() => [ltopPid]);
    const masterMeter = new Meter(() => (master ? [master] : []));
    const browserMeter = chromium?.pid ? new Meter(() => [chromium!.pid!, ...descendants(chromium!.pid!)]) : null;
    for (const meter of [ltop, masterMeter, browserMeter]) meter?.begin();
    const until = Date.now() + SECONDS * 1000;
    while (Date.now() < until) {
      await delay(1000);
      for (const meter of [ltop, masterMeter, browserMeter]) meter?.sample();
    }
    const figures = { ltop: ltop.end(), master: masterMeter.end(), webUi: browserMeter?.end() ?? null };
    const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg()[0]?.toFixed(1)}`;
    console.log(`\nltop following a local swarm (${USERS} users, 2 workers), ${SECONDS} s in a ${COLUMNS}x${ROWS} terminal, default refresh; ${machine}\n`);
    console.log('| process | CPU % of one core | peak RSS MB |');
    console.log('|---|---:|---:|');
    console.log(`| ltop cockpit | ${figures.ltop.cpuPercent} | ${figures.ltop.peakRssMb} |`);
    if (figures.webUi) console.log(`| Locust web UI in headless Chromium (${figures.webUi.processes} processes) | ${figures.webUi.cpuPercent} | ${figures.webUi.peakRssMb} |`);
    else console.log(`| Locust web UI in headless Chromium | not measured (${WITH_CHROMIUM ? 'apt-get install chromium' : 'LTOP_BENCH_CHROMIUM=0'}) | |`);
    console.log(`| Locust master (for scale) | ${figures.master.cpuPercent} | ${figures.master.peakRssMb} |`);
    console.log(JSON.stringify({ bench: 'cockpit', seconds: SECONDS, users: USERS, size: `${COLUMNS}x${ROWS}`, machine, ...figures }));
  } finally {
    chromium?.kill('SIGTERM');
    await tmux('send-keys', '-t', 'bench', 'q');
    await tmux('send-keys', '-t', 'bench', 'y');
    await eventually(async () => (await tmux('has-session', '-t', 'bench')).exitCode !== 0, 'ltop to quit', 30000, 200).catch(() => undefined);
    await tmux('kill-server');
    await chromium?.catch(() => undefined);
  }
}

await main();
