// Drives the real cockpit in a real terminal (tmux) and reads the screen as a user sees it.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { cliEntry } from '../support/cli.js';
import { descendants, isRunning } from '../support/processes.js';
import { eventually } from '../support/wait.js';

const socket = `ck-e2e-${process.pid}`;
const session = 'ck-cockpit';
const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args], { reject: false });
const screen = async (): Promise<string> => (await tmux('capture-pane', '-p', '-t', session)).stdout;
const keys = (...sequence: string[]) => tmux('send-keys', '-t', session, ...sequence);

async function waitForScreen(what: RegExp, timeoutMs = 30000): Promise<string> {
  let last = '';
  try {
    return await eventually(async () => {
      last = await screen();
      return what.test(last) ? last : null;
    }, String(what), timeoutMs, 150);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- screen ---\n${last}`);
  }
}

describe('the cockpit in a real terminal (tmux, 80x24)', () => {
  const results = mkdtempSync(path.join(tmpdir(), 'ltop-e2e-'));
  after(async () => {
    await tmux('kill-server');
  });

  it('start, swarm, users up, help, quit: results on disk and no process left', async () => {
    const command = `cd ${results} && env FORCE_COLOR=0 LTOP_STATE_DIR=${results}/state ${process.execPath} ${cliEntry} --results-dir ${results}/out --users 10 --spawn-rate 10; echo "ltop exited $?"; sleep 600`;
    const started = await tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', command);
    assert.equal(started.exitCode, 0, started.stderr);
    const ready = await waitForScreen(/READY .*2\/2 workers/);
    assert.match(ready, /ltop local · scenario jsonplaceholder/);
    assert.match(ready, /target http:\/\/127\.0\.0\.1:\d+ · web UI http:\/\/127\.0\.0\.1:\d+/);
    assert.match(ready, /\? help/);
    for (const line of ready.split('\n')) assert.ok(line.length <= 80);
    const panePid = Number((await tmux('display-message', '-p', '-t', session, '#{pane_pid}')).stdout.trim());
    const ltopPid = await eventually(() => descendants(panePid).find(isLtop), 'the ltop process');

    await keys('s');
    await waitForScreen(/Start swarm/);
    await keys('Enter');
    await keys('Enter');
    await waitForScreen(/RUNNING +10 users /);
    await waitForScreen(/Aggregated +[1-9]/);

    await keys('+');
    await waitForScreen(/RUNNING +11 users /);

    await keys('?');
    const help = await waitForScreen(/any other key closes/);
    assert.match(help, /Stop the running test/);
    await keys('z');
    await waitForScreen(/Throughput/);

    const children = descendants(ltopPid);
    assert.ok(children.length >= 4, `master, workers, target: ${children.length}`);
    await keys('q');
    await waitForScreen(/Quit and stop the running local test\?/);
    await keys('y');
    const after = await waitForScreen(/ltop exited 0/);
    assert.match(after, /requests \d+ +failures/);
    assert.match(after, /results: .*out/);
    await eventually(() => children.every((pid) => !isRunning(pid)), 'every child of ltop to be gone', 15000, 100);
    const runs = readdirSync(path.join(results, 'out'));
    assert.equal(runs.length, 1);
    for (const file of ['summary.json', 'requests.csv', 'failures.csv', 'report.html']) assert.ok(existsSync(path.join(results, 'out', runs[0]!, file)), file);
  });

  it('NO_COLOR, stdin not a terminal, then SIGHUP (an SSH drop): no colour, no raw mode, nothing left running', async () => {
    await tmux('kill-session', '-t', session);
    const command = `cd ${results} && env NO_COLOR=1 LTOP_STATE_DIR=${results}/state ${process.execPath} ${cliEntry} --results-dir ${results}/out2 < /dev/null; echo "ltop exited $?"; sleep 600`;
    await tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', command);
    await waitForScreen(/READY .*2\/2 workers/);
    const styled = (await tmux('capture-pane', '-p', '-e', '-t', session)).stdout;
    assert.doesNotMatch(styled, /\u001b\[[0-9;]*m/, 'no colour or style escapes under NO_COLOR');
    const panePid = Number((await tmux('display-message', '-p', '-t', session, '#{pane_pid}')).stdout.trim());
    const ltopPid = await eventually(() => descendants(panePid).find(isLtop), 'the ltop process');
    const children = descendants(ltopPid);
    process.kill(ltopPid, 'SIGHUP');
    await waitForScreen(/ltop exited 129/);
    await eventually(() => children.every((pid) => !isRunning(pid)), 'every child of ltop to be gone', 15000, 100);
  });
});

function isLtop(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('cli.js');
  } catch {
    return false;
  }
}
