// `ltop matrix` on a terminal: the real program in a real 80x24 terminal (tmux), the local
// platform with the pinned Locust and the demo target, short cells. The screen is read as a
// user sees it: the current cell, the progress bar with its ETA, the running cell's charts, and
// the results table filling in row by row; then the terminal summary once the view is gone.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { cliEntry } from '../support/cli.js';
import { Pane } from '../e2e/tmux.js';

const fits = (screen: string): void => {
  for (const line of screen.split('\n')) assert.ok(line.length <= 80, `wider than 80: ${line}`);
};

describe('ltop matrix in the cockpit (tmux, 80x24, real Locust)', () => {
  const panes: Pane[] = [];
  after(async () => {
    for (const pane of panes) await pane.kill();
  });
  const start = async (name: string, results: string, plan: string): Promise<Pane> => {
    const pane = new Pane(name);
    panes.push(pane);
    await pane.start(`cd ${results} && env FORCE_COLOR=0 ${process.execPath} ${cliEntry} matrix ${plan} --demo-latency-ms 5 --results-dir ${results}/out`, 80, 24);
    return pane;
  };

  it('shows the running cell, the bar with its ETA, live charts and the table filling in; then the summary', async () => {
    const results = mkdtempSync(path.join(tmpdir(), 'ltop-matrix-tmux-'));
    const pane = await start('mx-view', results, '--workers 1 --users 2,4 --duration 2s');
    const first = await pane.waitFor(/cell 1\/2 w1-u2 · run/);
    assert.match(first, /^ltop matrix · cell 1\/2 w1-u2 · run \d\d:\d\d\/00:02/m);
    assert.match(first, /^\[-+\]  0\/2  ETA \d\d:\d\d/m);
    assert.match(first, /Throughput/);
    assert.match(first, /Latency ms/);
    assert.match(first, /Replicas +Workers +Users +RPS +p50 +p95 +p99 +Fail% +Requests +Status/);
    assert.match(first, /^ +- +1 +2 +running$/m);
    assert.match(first, /^ +- +1 +4 +pending$/m);
    assert.match(first, / q stop the sweep/);
    fits(first);
    // the first row filled in while the second cell runs
    const second = await pane.waitFor(/cell 2\/2 w1-u4 · run/, 40_000);
    assert.match(second, /^\[#+-+\]  1\/2  ETA/m);
    assert.match(second, /^ +- +1 +2 +[\d.]+ +\d+ +\d+ +\d+ +0\.0% +\d+ +ok$/m);
    assert.match(second, /^ +- +1 +4 +running$/m);
    // the running cell's own swarm on the charts (the session's history, drawn by the cockpit's Charts)
    const plot = await pane.waitFor(/^ +[1-9][\d.]* [┤┼].*$/m, 20_000);
    assert.doesNotMatch(plot, /waiting for data/);
    fits(second);
    // the view leaves; the terminal summary stays on the screen
    const end = await pane.waitFor(/ltop exited \d+/, 40_000);
    assert.match(end, /ltop exited 0/);
    assert.match(end, /^results: \/tmp\/ltop-matrix-tmux-/m);
    const sweep = readdirSync(path.join(results, 'out'));
    assert.equal(sweep.length, 1);
    assert.equal(readFileSync(path.join(results, 'out', sweep[0]!, 'matrix.csv'), 'utf8').trim().split('\n').length, 3, 'header and two cells');
  });

  it('q asks before stopping the sweep; y stops it, and what is done stays on disk for --resume', async () => {
    const results = mkdtempSync(path.join(tmpdir(), 'ltop-matrix-tmux-'));
    const pane = await start('mx-stop', results, '--workers 1 --users 2,4,6 --duration 20s');
    await pane.waitFor(/cell 1\/3 w1-u2 · run/);
    await pane.keys('q');
    const asking = await pane.waitFor(/ y stop \(the running cell is dropped/);
    assert.match(asking, / any key go on/);
    await pane.keys('n');
    await pane.waitFor(/ q stop the sweep/);
    await pane.keys('q');
    await pane.waitFor(/ y stop \(/);
    // shrunk below 80x24 while asking, the question is still there to read (not "q quits")
    await pane.tmux('resize-window', '-t', pane.name, '-x', '70', '-y', '20');
    const small = await pane.waitFor(/terminal too small/);
    assert.match(small, /stop the sweep\? y stops/);
    assert.doesNotMatch(small, /q quits/);
    await pane.tmux('resize-window', '-t', pane.name, '-x', '80', '-y', '24');
    await pane.waitFor(/ y stop \(/);
    await pane.keys('y');
    const end = await pane.waitFor(/ltop exited \d+/, 40_000);
    assert.match(end, /ltop exited 1/, 'a stopped sweep is not a passing one');
    const sweep = readdirSync(path.join(results, 'out'))[0]!;
    const saved = JSON.parse(readFileSync(path.join(results, 'out', sweep, 'matrix.json'), 'utf8')) as { state: string; cells: unknown[] };
    assert.deepEqual([saved.state, saved.cells.length], ['stopped', 0], 'the interrupted cell is not recorded: --resume runs it');
  });

  it('keys in one read act in turn: `qy` at once asks and confirms', async () => {
    const results = mkdtempSync(path.join(tmpdir(), 'ltop-matrix-tmux-'));
    const pane = await start('mx-burst', results, '--workers 1 --users 2,4 --duration 30s');
    await pane.waitFor(/cell 1\/2 w1-u2 · run/);
    await pane.keys('qy');
    const end = await pane.waitFor(/ltop exited \d+/, 40_000);
    assert.match(end, /ltop exited 1/);
    const sweep = readdirSync(path.join(results, 'out'))[0]!;
    assert.equal((JSON.parse(readFileSync(path.join(results, 'out', sweep, 'matrix.json'), 'utf8')) as { state: string }).state, 'stopped');
  });

  it('Ctrl+C while the q question is shown stops the sweep at once, exit 130 as for SIGINT', async () => {
    const results = mkdtempSync(path.join(tmpdir(), 'ltop-matrix-tmux-'));
    const pane = await start('mx-ctrlc', results, '--workers 1 --users 2,4 --duration 30s');
    await pane.waitFor(/cell 1\/2 w1-u2 · run/);
    await pane.keys('q');
    await pane.waitFor(/ y stop \(/);
    await pane.keys('C-c');
    const end = await pane.waitFor(/ltop exited \d+/, 40_000);
    assert.match(end, /ltop exited 130/);
    const sweep = readdirSync(path.join(results, 'out'))[0]!;
    assert.equal((JSON.parse(readFileSync(path.join(results, 'out', sweep, 'matrix.json'), 'utf8')) as { state: string }).state, 'stopped');
  });
});
