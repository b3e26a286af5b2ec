// The master killed under a running cockpit (tmux 80x24, bin/ltop, real Locust, a real SIGKILL),
// as the last user trial met it: every rate reads 0 and the chart falls, the cause is one line
// (not Locust's INFO chatter), and quitting saves the last numbers held, marked partial, exit 1
// (as headless does).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { RunSummary } from '../../src/report/summary.js';
import { cmdline, descendants } from '../support/processes.js';
import { ltopBin, Pane } from './tmux.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ltop-master-lost-'));


describe('the master killed under the cockpit (tmux 80x24, real Locust)', () => {
  const pane = new Pane('ck-master-lost');
  after(async () => {
    await pane.kill();
  });

  it('rates read 0, the cause is one line, and q saves partial results and exits 1', async () => {
    await pane.start(`cd ${dir} && env NO_COLOR=1 LTOP_STATE_DIR=${dir}/state ${ltopBin} --results-dir ${dir}/out --users 4 --spawn-rate 4`, 80, 24);
    await pane.waitFor(/READY .*2\/2 workers/, 60000);
    await pane.keys('s');
    await pane.waitFor(/Start swarm/);
    await pane.keys('Enter', 'Enter');
    await pane.waitFor(/RUNNING {2}4 users .* [1-9]\d* requests {2}rps [1-9]/, 60000);

    const ltop = await pane.ltopPid();
    const master = descendants(ltop).find((pid) => / --master( |$)/.test(cmdline(pid)));
    assert.ok(master, 'the master process');
    process.kill(master, 'SIGKILL');
    const lost = await pane.waitFor(new RegExp(`the Locust master \\(pid ${master}\\) killed\\(SIGKILL\\)`), 30000);
    assert.match(lost, / ERROR /);
    assert.match(lost, /rps 0\.0/);
    const aggregated = lost.split('\n').find((line) => line.includes('Aggregated')) ?? '';
    assert.match(aggregated, / 0\.0 /, `the table's rate reads 0 too: ${aggregated}`);
    assert.doesNotMatch(lost, /\/INFO\//, 'the cause is not a dump of Locust log lines');
    // the workers as the header has them (?/2): not known, not "connecting" (user trial)
    const workers = lost.split('\n').filter((line) => /^.worker-\d/.test(line));
    assert.equal(workers.length, 2, lost);
    for (const line of workers) assert.match(line, /worker-\d +unknown +— +— +—/);

    await pane.keys('q');
    await pane.keys('y');
    const end = await pane.waitFor(/ltop exited \d+/, 60000);
    assert.match(end, /PARTIAL: the Locust master/);
    assert.match(end, /ltop exited 1/, 'partial results are not a clean run');
    const [run] = readdirSync(path.join(dir, 'out'));
    const summary = JSON.parse(readFileSync(path.join(dir, 'out', run!, 'summary.json'), 'utf8')) as RunSummary;
    assert.equal(summary.partial, true);
    assert.equal(summary.partialCause, `the Locust master (pid ${master}) killed(SIGKILL)`);
    assert.equal(summary.state, 'missing');
    assert.deepEqual(summary.workers, { expected: 2, connected: 0, missing: 2 });
    assert.ok(summary.totals.requests > 0);
  });
});
