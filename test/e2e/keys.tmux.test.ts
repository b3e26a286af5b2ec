// What the user types reaches Locust as typed: bin/ltop on the local platform (real Locust from
// runtime/.venv, the demo target) in tmux, keys sent the way a terminal sends them.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ltopBin, Pane } from './tmux.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ltop-ck-keys-'));
const command = (name: string, flags: string): string => `cd ${dir} && env NO_COLOR=1 LTOP_STATE_DIR=${dir}/state-${name} ${ltopBin} --results-dir ${dir}/${name} --users 10 --spawn-rate 10 ${flags}`;

describe('keys in a real terminal (tmux, bin/ltop, real Locust)', { concurrency: true }, () => {
  const swarm = new Pane('ck-keys');
  const small = new Pane('ck-small');
  after(async () => {
    await swarm.kill();
    await small.kill();
  });

  it('s20 Enter Enter asks for 20 users (not 1020); ++ in one read steps twice; x Enter keeps it running; x y stops and RPS reads 0', async () => {
    await swarm.start(command('swarm', '--demo-latency-ms 5'), 80, 24);
    await swarm.waitFor(/READY .*2\/2 workers/, 60000);
    await swarm.keys('s20', 'Enter', 'Enter');
    await swarm.waitFor(/swarming 20 users at 10\/s/);
    await swarm.waitFor(/RUNNING {2}20 users/, 60000);
    await swarm.keys('++');
    await swarm.waitFor(/swarming 24 users at 10\/s/);
    await swarm.waitFor(/RUNNING {2}24 users/, 60000);

    await swarm.keys('s', 'C-c');
    await swarm.waitFor(/Throughput/);
    await swarm.keys('x', 'Enter');
    const kept = await swarm.waitFor(/RUNNING/);
    assert.doesNotMatch(kept, /Stop the running test/);

    await swarm.keys('x');
    await swarm.waitFor(/Stop the running test\? .*\[y\/N\]/);
    await swarm.keys('y');
    const stopped = await swarm.waitFor(/STOPPED .*rps 0\.0/, 40000);
    for (const line of stopped.split('\n')) assert.ok(line.length <= 80);

    // Backspace takes one character as the user sees it: the whole emoji, not half of it (user trial)
    await swarm.keys('/');
    await swarm.keys('-l', 'pö日😀');
    await swarm.waitFor(/\/pö日😀/);
    await swarm.keys('BSpace');
    const edited = await swarm.waitFor(/filter "pö日"/);
    assert.doesNotMatch(edited, /\uFFFD/);
    await swarm.keys('Escape');
    await swarm.keys('q');
    await swarm.waitFor(/ltop exited 0/, 30000);
    const runs = readdirSync(path.join(dir, 'swarm'));
    assert.ok(runs.length >= 1);
    assert.ok(existsSync(path.join(dir, 'swarm', runs.at(-1)!, 'summary.json')));
  });

  it('--readonly in a tiny terminal: "too small", then at 80x24 nothing starts load; Ctrl+C quits', async () => {
    await small.start(command('small', '--readonly'), 60, 20);
    await small.waitFor(/terminal too small: need 80x24/, 60000);
    await small.tmux('resize-window', '-t', 'ck-small', '-x', '80', '-y', '24');
    const ready = await small.waitFor(/READY .*2\/2 workers/, 60000);
    assert.match(ready, /READONLY/);
    assert.doesNotMatch(ready, / s swarm| \] workers\+/);
    await small.keys('s', '5', 'Enter', 'Enter', ']');
    await small.waitFor(/READY {2}0 users {2}2\/2 workers/);
    const after = await small.screen();
    assert.doesNotMatch(after, /Start swarm|swarming/);
    await small.keys('C-c');
    await small.waitFor(/ltop exited 0/, 30000);
  });
});
