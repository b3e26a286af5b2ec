// Issue 14's user trial, in the cockpit as the user ran it (bin/ltop in tmux, real Locust, the
// demo target with 3 processes): the launch is not drawn as a scale-up nor a new node, a
// Prometheus error is shown whole at 80 columns, and a killed process shows as a restart of
// its slot and an event.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { demoTargetAdmin } from '../../src/demo/admin-client.js';
import { ltopBin, Pane } from '../e2e/tmux.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ltop-f14-cockpit-'));
// a Prometheus behind a long path prefix, down: its message is longer than 80 columns
const PROM = 'http://127.0.0.1:9/prometheus/behind/a/reverse/proxy/with/a/long/prefix';

describe('cockpit Target tab at 80 columns (real Locust, demo target --demo-replicas 3)', () => {
  const pane = new Pane('f14-target');
  after(async () => {
    await pane.kill();
  });

  it('no ↑3/+node at launch; the Prometheus error whole; a killed process is a restart and an event', async () => {
    await pane.start(`cd ${dir} && env NO_COLOR=1 LTOP_STATE_DIR=${dir}/state ${ltopBin} --results-dir ${dir}/r --workers 1 --users 2 --spawn-rate 2 --demo-replicas 3 --prometheus ${PROM}`, 80, 30);
    const ready = await pane.waitFor(/READY .*1\/1 worker/, 60_000);
    const url = /target (http:\/\/127\.0\.0\.1:\d+)/.exec(ready)![1]!;
    await pane.keys('a');
    // the error, whole: its end is on the screen although the line is longer than 80 columns
    const tab = await pane.waitFor(/unreachable: bad port/, 30_000);
    assert.match(tab.replace(/\n\s*/g, ''), /Prometheus: rate: Prometheus at http:\/\/127\.0\.0\.1:9\/prometheus\/behind\/a\/reverse\/proxy\/with\/a\/long\/prefix unreachable: bad port/);
    for (const line of tab.split('\n')) assert.ok([...line].length <= 80, line);

    // a real scale is marked; the launch (3 from nothing) is not, and local has no nodes to add
    const admin = demoTargetAdmin(url);
    await admin.setReplicas(5);
    const scaled = await pane.waitFor(/↑5/, 30_000);
    assert.doesNotMatch(scaled, /↑3|\+node/, scaled);

    // kill -9 one process: its slot shows 1 restart, and the exit is an event
    const victim = (await admin.stats()).processes[0]!.pid;
    process.kill(victim, 'SIGKILL');
    const restarted = await pane.waitFor(new RegExp(`ProcessExited Process/${victim}: exited \\(SIGKILL\\); replaced by \\d+`), 30_000);
    const successor = new RegExp(`Process/${victim}: exited \\(SIGKILL\\); replaced by (\\d+)`).exec(restarted)![1]!;
    assert.match(restarted, new RegExp(`pid ${successor} {2}Running {2}ready {2}localhost {2}1 restart `), restarted);

    await pane.keys('q');
    const asked = await pane.waitFor(/Quit|ltop exited/, 30_000);
    if (/Quit/.test(asked) && !/ltop exited/.test(asked)) await pane.keys('y');
    await pane.waitFor(/ltop exited 0/, 30_000);
  });
});
