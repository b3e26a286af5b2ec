// The cockpit keeps its results however it is ended (issue 8, items 1-3 and 17): the real
// ltop in a real terminal (tmux), real signals, real Locust, and a target that counts what it served.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseRequestsCsv } from '../../src/locust/csv-percentiles.js';
import type { RunSummary } from '../../src/report/summary.js';
import { cliEntry } from '../support/cli.js';
import { descendants, isRunning } from '../support/processes.js';
import { countedDemoTarget, type CountedTarget } from '../support/served.js';
import { eventually } from '../support/wait.js';

const socket = `rs-${process.pid}`;
const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args], { reject: false });
const FILES = ['summary.json', 'requests.csv', 'failures.csv', 'report.html'];

interface Started {
  readonly session: string;
  readonly ltopPid: number;
  readonly results: string;
  readonly log: string;
  readonly children: number[];
}

function isLtop(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('cli.js');
  } catch {
    return false;
  }
}

function readSummary(results: string): { dir: string; summary: RunSummary } {
  const dirs = readdirSync(results).filter((name) => !name.startsWith('state'));
  assert.equal(dirs.length, 1, `one results folder: ${dirs.join(', ')}`);
  const dir = path.join(results, dirs[0]!);
  for (const file of FILES) assert.ok(existsSync(path.join(dir, file)), `${file} written`);
  const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as RunSummary;
  const csv = parseRequestsCsv(readFileSync(path.join(dir, 'requests.csv'), 'utf8')).find((row) => row.name === 'Aggregated');
  assert.equal(summary.totals.requests, csv?.requests, 'summary.json and requests.csv are one picture');
  return { dir, summary };
}

describe('the cockpit saves on every way out (tmux, real Locust 2.47)', () => {
  let counted: CountedTarget;
  before(async () => {
    counted = await countedDemoTarget();
  });
  after(async () => {
    await tmux('kill-server');
    await counted.close();
  });

  async function start(name: string, duration: string): Promise<Started> {
    const results = mkdtempSync(path.join(tmpdir(), `rs-${name}-`));
    const log = path.join(results, 'state-exit');
    const session = `rs-${name}`;
    const command = `cd ${results} && env FORCE_COLOR=0 LTOP_STATE_DIR=${results}/state LTOP_WAIT_MIN=0.01 LTOP_WAIT_MAX=0.05 ${process.execPath} ${cliEntry} run --host ${counted.target.url} --users 10 --duration ${duration} --results-dir ${results}; echo "ltop exited $?" > ${log}; sleep 600`;
    const started = await tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', command);
    assert.equal(started.exitCode, 0, started.stderr);
    const panePid = Number((await tmux('display-message', '-p', '-t', session, '#{pane_pid}')).stdout.trim());
    const ltopPid = await eventually(() => descendants(panePid).find(isLtop), 'the ltop process', 10000, 100);
    return { session, ltopPid, results, log, children: [] };
  }

  async function whileRunning(run: Started): Promise<Started> {
    const before = counted.served();
    await eventually(() => counted.served() - before > 300, 'the swarm to hit the target', 60000, 100);
    return { ...run, children: descendants(run.ltopPid) };
  }

  async function exited(run: Started): Promise<void> {
    await eventually(() => !isRunning(run.ltopPid), 'ltop to exit', 60000, 100);
    for (const pid of run.children) await eventually(() => !isRunning(pid), `child ${pid} to stop`, 15000, 100);
    if (run.session !== 'rs-hup') await eventually(() => existsSync(run.log), 'the exit code', 5000, 50);
  }

  function assertComplete(summary: RunSummary, servedBefore: number): void {
    const served = counted.served() - servedBefore;
    const missing = (served - summary.totals.requests) / served;
    assert.ok(Math.abs(missing) <= 0.005, `summary ${summary.totals.requests} of ${served} served (${(missing * 100).toFixed(2)} % missing)`);
    assert.equal(summary.state, 'stopped');
  }

  it('kill -TERM during a swarm: all four files, complete totals, exit 143', async () => {
    const servedBefore = counted.served();
    const run = await whileRunning(await start('term', '5m'));
    process.kill(run.ltopPid, 'SIGTERM');
    await exited(run);
    assert.equal(readFileSync(run.log, 'utf8').trim(), 'ltop exited 143');
    const { summary } = readSummary(run.results);
    assert.equal(summary.reason, 'signal');
    assertComplete(summary, servedBefore);
  });

  it('tmux kill-session (what an SSH drop does) during a swarm: results saved, nothing left running', async () => {
    const servedBefore = counted.served();
    const run = await whileRunning(await start('hup', '5m'));
    await tmux('kill-session', '-t', run.session);
    await exited(run);
    const { summary } = readSummary(run.results);
    assert.equal(summary.reason, 'signal');
    assertComplete(summary, servedBefore);
  });

  it('ltop run on a terminal runs the timed test in the cockpit and exits 0 with the summary', async () => {
    const servedBefore = counted.served();
    const run = await start('timed', '6s');
    await exited(run);
    assert.equal(readFileSync(run.log, 'utf8').trim(), 'ltop exited 0');
    const screen = (await tmux('capture-pane', '-p', '-S', '-100', '-t', run.session)).stdout;
    assert.match(screen, /requests \d+ +failures 0/);
    assert.match(screen, /results: .*rs-timed-/);
    const { summary } = readSummary(run.results);
    assert.equal(summary.reason, 'end of run');
    assert.ok(summary.durationSeconds >= 5 && summary.durationSeconds < 20, `${summary.durationSeconds}`);
    assertComplete(summary, servedBefore);
  });
});
