// When the master dies mid-run, ltop says so and still writes what it last held, marked partial
// (issue 8, item 4). Real Locust: its master process is killed outright.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import type { RunSummary } from '../../src/report/summary.js';
import { cliEntry, repoRoot } from '../support/cli.js';
import { cmdline, descendants } from '../support/processes.js';
import { eventually } from '../support/wait.js';


describe('the master dies during a headless run', () => {
  it('partial results from the last numbers held, the cause in full, where they are, exit 1', async () => {
    const results = mkdtempSync(path.join(tmpdir(), 'rs-lost-'));
    const child = execa(process.execPath, [cliEntry, 'run', '--headless', '--users', '5', '--duration', '5m', '--interval', '1s', '--results-dir', results], { cwd: repoRoot, reject: false, stdin: 'ignore', env: { FORCE_COLOR: '0' } });
    const lines: string[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
    await eventually(() => lines.some((line) => /running .* requests=[1-9]/.test(line)), 'requests flowing', 60000, 200);
    const master = await eventually(() => descendants(child.pid!).find((pid) => cmdline(pid).includes('--master ')), 'the master process');
    process.kill(master, 'SIGKILL');
    const result = await child;
    assert.equal(result.exitCode, 1, result.stderr);
    const [dir] = readdirSync(results);
    const summary = JSON.parse(readFileSync(path.join(results, dir!, 'summary.json'), 'utf8')) as RunSummary;
    assert.equal(summary.partial, true);
    // one line: the exit status (a traceback would follow it); not Locust's INFO chatter before the kill
    assert.match(summary.partialCause ?? '', new RegExp(`^the Locust master \\(pid ${master}\\) killed\\(SIGKILL\\)$`));
    // recorded as it ended: the master gone, no worker connected to it, the 2 it had missing
    assert.equal(summary.state, 'missing');
    assert.equal(summary.workers.connected, 0);
    assert.equal(summary.workers.missing, 2);
    assert.ok(summary.totals.requests > 0, 'the last numbers ltop held');
    assert.ok(!existsSync(path.join(results, dir!, 'requests.csv')), 'no CSV pretending to be complete');
    assert.match(result.stdout, /PARTIAL: the Locust master \(pid \d+\) killed\(SIGKILL\)/);
    assert.match(result.stdout, new RegExp(`results: ${path.join(results, dir!)}`));
  });
});
