// The system under test on the local platform, for real: bin/ltop starts the demo target with
// two serving processes and real Locust; the Target tab (key a) shows those processes as the
// replicas, the header carries the one-liner, and every results folder gets scaling.csv and
// summary.json's `scaling` (the cockpit's quit and a headless run alike). Both leave by
// themselves: no source or timer keeps ltop alive.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ltop } from '../support/cli.js';
import { ltopBin, Pane } from './tmux.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ltop-w14-target-'));
const HEADER = 'time,elapsed_s,users,rps,p95_ms,demo-target_desired,demo-target_ready,pending_pods,nodes,ready_nodes,at_max';

function onlyRun(root: string): string {
  const runs = readdirSync(root);
  assert.equal(runs.length, 1, runs.join(', '));
  return path.join(root, runs[0]!);
}

describe('the demo target as the system under test (real Locust, real demo target)', { concurrency: true }, () => {
  const pane = new Pane('w14-target');
  after(async () => {
    await pane.kill();
  });

  it('cockpit: a shows the Target tab with the 2 demo processes as replicas; quitting saves scaling.csv and exits 0', async () => {
    await pane.start(`cd ${dir} && env NO_COLOR=1 LTOP_STATE_DIR=${dir}/state ${ltopBin} --results-dir ${dir}/cockpit --workers 1 --users 4 --spawn-rate 4 --demo-replicas 2`, 80, 24);
    const ready = await pane.waitFor(/READY .*1\/1 worker/, 60000);
    // at 80 columns the header keeps the URLs on line 2; the target's answer follows the numbers
    assert.match(ready, /\n target http:\/\/127\.0\.0\.1:\d+ · web UI http:\/\/127\.0\.0\.1:\d+/);
    assert.match(ready, /READY .* · target demo-targ/);
    assert.match(ready, /Target 2\/2/);
    await pane.keys('a');
    const tab = await pane.waitFor(/\[Target 2\/2\*\]/);
    assert.match(tab, /demo-target 2\/2 ready · 2 updated · 2 available/);
    assert.equal(tab.split('\n').filter((line) => /^pid \d+ {2}Running {2}ready {2}localhost {2}0 restarts/.test(line)).length, 2, tab);
    for (const line of tab.split('\n')) assert.ok([...line].length <= 80, line);

    await pane.keys('s', 'Enter', 'Enter');
    await pane.waitFor(/RUNNING {2}4 users/, 60000);
    // at 80 columns the replicas chart has the short legend
    await pane.waitFor(/Pods ──want ··ready/);
    await pane.keys('q');
    await pane.waitFor(/Quit and stop the running local test\?/);
    await pane.keys('y');
    await pane.waitFor(/ltop exited 0/, 30000);
    const run = onlyRun(path.join(dir, 'cockpit'));
    const csv = readFileSync(path.join(run, 'scaling.csv'), 'utf8').trim().split('\n');
    assert.equal(csv[0], HEADER);
    assert.ok(csv.slice(1).some((row) => row.split(',')[6] === '2'), 'demo-target_ready is 2');
    const summary = JSON.parse(readFileSync(path.join(run, 'summary.json'), 'utf8')) as { scaling?: { maxReady: number; loadLevelUsers?: number } };
    assert.equal(summary.scaling?.maxReady, 2);
    assert.equal(summary.scaling?.loadLevelUsers, 4);
  });

  it('headless: ltop run --headless --duration 6s writes scaling.csv beside the other results and prints the scaling line', async () => {
    const result = await ltop(['run', '--headless', '--duration', '6s', '--users', '4', '--workers', '1', '--demo-replicas', '2', '--results-dir', path.join(dir, 'headless')], { cwd: dir, env: { ...process.env, LTOP_STATE_DIR: path.join(dir, 'state-headless') }, timeoutMs: 60000 });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /^scaling: load at 4 users \d\d:\d\d:\d\d · first scale-up never · all ready throughout · new node none · 0 s at max · longest Pending 0 s$/m);
    const run = onlyRun(path.join(dir, 'headless'));
    for (const file of ['summary.json', 'requests.csv', 'scaling.csv']) assert.ok(existsSync(path.join(run, file)), file);
    // Locust's own report.html, with ltop's scaling timeline laid in under it
    assert.match(readFileSync(path.join(run, 'report.html'), 'utf8'), /window\.templateArgs[\s\S]*<section id="ltop-scaling">[\s\S]*<th>Load level<\/th><td>4 users at /);
    const [header, ...rows] = readFileSync(path.join(run, 'scaling.csv'), 'utf8').trim().split('\n');
    assert.equal(header, HEADER);
    // one sample every 2 s over a run of about 6 s, each with both processes ready
    assert.ok(rows.length >= 3, rows.join('\n'));
    assert.ok(rows.every((row) => row.split(',')[5] === '2' && row.split(',')[6] === '2'), rows.join('\n'));
    assert.ok(rows.some((row) => Number(row.split(',')[2]) === 4), 'a sample at 4 users');
    const summary = JSON.parse(readFileSync(path.join(run, 'summary.json'), 'utf8')) as { scaling?: Record<string, unknown> };
    assert.deepEqual(Object.keys(summary.scaling ?? {}).sort(), ['allReadyThroughout', 'loadLevelAt', 'loadLevelUsers', 'longestPendingS', 'maxDesired', 'maxNodes', 'maxReady', 'timeAtMaxS']);
  });
});
