// The user trial's defects, driven as the user drove them: the built CLI, headless, the local
// platform with the pinned Locust and the demo target. Every wait is on a condition (a line
// printed, a file written, a process gone), never on a clock.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { execa } from 'execa';
import { cliEntry, ltop, repoRoot } from '../support/cli.js';
import { descendants } from '../support/processes.js';
import { waitFor } from '../../src/util/wait.js';

interface Saved {
  readonly state: string;
  readonly cells: readonly { readonly key: string; readonly status: string; readonly cause?: string; readonly failedIn?: string }[];
}

const cmdline = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
};

/** The sweep headless, its stdout read line by line (`| head -N` destroys it after N lines). */
function sweep(args: readonly string[], options: { headLines?: number } = {}) {
  const results = mkdtempSync(path.join(tmpdir(), 'ltop-matrix-trial-'));
  const child = execa(process.execPath, [cliEntry, 'matrix', '--headless', '--demo-latency-ms', '5', '--results-dir', results, ...args], { reject: false, cwd: repoRoot, env: { FORCE_COLOR: '0' }, stdin: 'ignore', buffer: { stdout: false }, timeout: 150_000 });
  const lines: string[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    // the reader has seen enough: the pipe closes under the writer, as `| head -N` does
    if (options.headLines !== undefined && lines.length >= options.headLines) child.stdout!.destroy();
  });
  const folder = (): string => path.join(results, readdirSync(results).find((name) => name.startsWith('matrix-'))!);
  const saved = (): Saved => JSON.parse(readFileSync(path.join(folder(), 'matrix.json'), 'utf8')) as Saved;
  const locust = (role: '--worker' | '--master'): number[] => descendants(child.pid!).filter((pid) => cmdline(pid).includes('locust') && cmdline(pid).includes(role));
  /** kill -9 a Locust process once the first cell runs, and wait for ltop to end */
  const killMidCell = async (role: '--worker' | '--master') => {
    await waitFor(() => lines.some((line) => /w1-u2: running/.test(line)), { timeoutMs: 60_000, what: 'the first cell to run' });
    const [pid] = await waitFor(() => (locust(role).length ? locust(role) : null), { timeoutMs: 20_000, what: `the ${role} process` });
    process.kill(pid!, 'SIGKILL');
    return child;
  };
  return { child, lines, results, folder, saved, killMidCell };
}

describe('ltop matrix: the trial defects (headless, real Locust)', () => {
  it('a worker killed mid-cell fails the cell with the cause, keeps its folder, leaves it out of the knee, exit 1', async () => {
    const run = sweep(['--workers', '1', '--users', '2', '--duration', '30s', '--spawn-rate', '10']);
    const done = await run.killMidCell('--worker');
    assert.equal(done.exitCode, 1, run.lines.join('\n'));
    const [cell] = run.saved().cells;
    assert.equal(cell?.status, 'failed');
    assert.match(cell?.cause ?? '', /worker lost during the hold|workers connected/);
    assert.match(readFileSync(path.join(run.folder(), 'w1-u2', 'failure.txt'), 'utf8'), /^failed; run failed: /, 'the failed cell has its folder, with the cause');
    assert.match(readFileSync(path.join(run.folder(), 'report.md'), 'utf8'), /w1-u2/);
    assert.ok(run.lines.some((line) => /w1-u2: failed; run failed: worker lost/.test(line)), run.lines.join('\n'));
  });

  it('into a closed pipe (| head -3) the sweep goes on, saves matrix.json completed and writes report.md, no stack trace', async () => {
    const run = sweep(['--workers', '1', '--users', '2,3', '--duration', '2s', '--spawn-rate', '10'], { headLines: 1 });
    const done = await run.child;
    assert.equal(done.exitCode, 0, String(done.stderr));
    assert.doesNotMatch(String(done.stderr), /EPIPE|at .*\.js:\d+/);
    assert.match(String(done.stderr), /ltop: results: /);
    assert.equal(run.saved().state, 'completed');
    assert.deepEqual(run.saved().cells.map((cell) => cell.status), ['ok', 'ok']);
    assert.ok(existsSync(path.join(run.folder(), 'report.md')));
    // one RPS: requests over the cell's own duration, so RPS x Duration_s is Total_Requests (to the rounding)
    for (const row of parse(readFileSync(path.join(run.folder(), 'matrix.csv'), 'utf8'), { columns: true }) as Record<string, string>[]) {
      const [rps, seconds, requests] = [Number(row['RPS']), Number(row['Duration_s']), Number(row['Total_Requests'])];
      assert.ok(Math.abs(rps * seconds - requests) <= 0.05 * seconds + 0.5, JSON.stringify(row));
    }
  });

  it('the master killed mid-sweep ends it at once: the rest not run with "master gone", one short cause, exit 1', async () => {
    const run = sweep(['--workers', '1', '--users', '2,3,4', '--duration', '30s', '--spawn-rate', '10']);
    const done = await run.killMidCell('--master');
    assert.equal(done.exitCode, 1);
    const cells = run.saved().cells;
    assert.deepEqual(cells.map((cell) => cell.status), ['failed', 'failed', 'failed']);
    for (const cell of cells) {
      assert.match(cell.cause ?? '', /^master gone: /);
      assert.ok(!(cell.cause ?? '').includes('\n') && (cell.cause ?? '').length < 300, cell.cause);
      assert.doesNotMatch(cell.cause ?? '', /workers not connected|INFO/);
    }
    assert.deepEqual(cells.slice(1).map((cell) => cell.failedIn), ['not-run', 'not-run']);
  });

  it('refuses a count too large, a duration beyond a day and a list flag given twice: one line, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--workers', '1', '--users', '99999999999999999999'], /^ltop: --users is too large/],
      [['--workers', '1', '--users', '2', '--duration', '999999h'], /^ltop: --duration is per cell: at most 24h/],
      [['--workers', '1', '--workers', '2', '--users', '2'], /^ltop: --workers given twice: give one list/],
    ];
    for (const [args, message] of cases) {
      const result = await ltop(['matrix', '--headless', '--results-dir', path.join(tmpdir(), 'ltop-never-written'), ...args]);
      assert.equal(result.exitCode, 2, args.join(' '));
      assert.match(String(result.stderr).trim(), message);
      assert.equal(String(result.stderr).trim().split('\n').length, 1);
    }
  });
});
