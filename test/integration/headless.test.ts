import assert from 'node:assert/strict';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { parseRequestsCsv } from '../../src/locust/csv-percentiles.js';
import type { RunSummary } from '../../src/report/summary.js';
import { cliEntry, ltop, repoRoot } from '../support/cli.js';
import { descendants, isRunning } from '../support/processes.js';
import { eventually } from '../support/wait.js';

function onlyResultsDir(root: string): string {
  const dirs = readdirSync(root);
  assert.equal(dirs.length, 1, `one run, one folder: ${dirs.join(', ')}`);
  return path.join(root, dirs[0]!);
}

describe('headless runs with the real Locust and the demo target', () => {
  it('a 10 s run: requests > 0, the summary equals Locust\'s own CSV, every file on disk, exit 0', async () => {
    const results = mkdtempSync(path.join(tmpdir(), 'ltop-results-'));
    const run = await ltop(['run', '--headless', '--users', '10', '--spawn-rate', '10', '--duration', '10s', '--workers', '2', '--scenario', 'jsonplaceholder', '--json', '--results-dir', results]);
    assert.equal(run.exitCode, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as RunSummary & { resultsDir: string };
    assert.ok(summary.totals.requests > 0);
    assert.equal(summary.scenario, 'jsonplaceholder');
    assert.equal(summary.workers.expected, 2);
    assert.equal(summary.workers.connected, 2);
    assert.equal(summary.users, 10);
    assert.ok(summary.durationSeconds >= 9 && summary.durationSeconds < 30, `${summary.durationSeconds}`);
    assert.ok(summary.totals.p95Ms !== null && summary.totals.p50Ms !== null);
    assert.ok(summary.versions.locust.length > 0 && summary.versions.node.startsWith('22'));
    const dir = onlyResultsDir(results);
    assert.equal(summary.resultsDir, dir);
    for (const file of ['summary.json', 'requests.csv', 'failures.csv', 'report.html']) assert.ok(existsSync(path.join(dir, file)), file);
    const csvTotal = parseRequestsCsv(readFileSync(path.join(dir, 'requests.csv'), 'utf8')).find((row) => row.name === 'Aggregated');
    assert.equal(summary.totals.requests, csvTotal?.requests, 'summary and Locust CSV agree');
    assert.equal(summary.totals.failures, csvTotal?.failures);
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')), (({ resultsDir: _, ...rest }) => rest)(summary));
    assert.match(readFileSync(path.join(dir, 'report.html'), 'utf8'), /<html/i);
    // progress lines went to stderr with --json
    assert.match(run.stderr, /running users=10 workers=2\/2/);
    // the closing line is printed once, even when the last tick already said it
    const progress = run.stderr.split('\n').filter((line) => /^\[\d\d:\d\d\]/.test(line));
    assert.ok(progress.every((line, index) => index === 0 || line !== progress[index - 1]), progress.join('\n'));
    // and once the swarm has stopped only the closing line says so (no tick just before it with other figures)
    assert.equal(progress.filter((line) => / stopped /.test(line)).length, 1, progress.join('\n'));
    // before the first request nothing is measured: — , not 0 ms
    for (const line of progress.filter((entry) => / requests=0 /.test(entry))) assert.match(line, /p50=—ms p95=—ms/, line);
  });

  /** A long headless run in the background, resolved once requests flow; its children listed. */
  async function runningInBackground(users: number): Promise<{ child: ReturnType<typeof execa>; results: string; started: number[] }> {
    const results = mkdtempSync(path.join(tmpdir(), 'ltop-results-'));
    const child = execa(process.execPath, [cliEntry, 'run', '--headless', '--users', String(users), '--duration', '5m', '--interval', '1s', '--results-dir', results], { cwd: repoRoot, reject: false, stdin: 'ignore', env: { FORCE_COLOR: '0' }, forceKillAfterDelay: false });
    const lines: string[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
    await eventually(() => lines.some((line) => /running .* requests=[1-9]/.test(line)), 'requests flowing', 60000, 200);
    return { child, results, started: descendants(child.pid!) };
  }

  it('SIGTERM mid-run: results already on disk, no child process left behind', async () => {
    const { child, results, started } = await runningInBackground(4);
    assert.ok(started.length >= 4, `master, 2 workers and the target run: ${started.length}`);
    child.kill('SIGTERM');
    const result = await child;
    assert.equal(result.exitCode, 143);
    const summary = JSON.parse(readFileSync(path.join(onlyResultsDir(results), 'summary.json'), 'utf8')) as RunSummary;
    assert.ok(summary.totals.requests > 0);
    await eventually(() => started.every((pid) => !isRunning(pid)), 'every child to be gone', 15000, 100);
  });

  it('ltop killed outright (SIGKILL): master, workers and target notice and leave by themselves', async () => {
    const { child, started } = await runningInBackground(2);
    child.kill('SIGKILL');
    await child;
    await eventually(() => started.every((pid) => !isRunning(pid)), 'the orphans to leave', 20000, 200);
  });
});
