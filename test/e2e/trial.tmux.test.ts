// The last user trial's defects, driven as the user met them: bin/ltop with real Locust and the
// demo target in tmux at 80x24 (send-keys, capture-pane, a real SIGKILL), and a real pipe into head.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { cmdline, descendants } from '../support/processes.js';
import { ltopBin, Pane } from './tmux.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ltop-trial-'));


describe('trial defects (tmux 80x24, bin/ltop, real Locust)', { concurrency: true }, () => {
  const pane = new Pane('ck-trial');
  after(async () => {
    await pane.kill();
  });

  it('? fits 80x24 and scrolls; a long count is kept whole; the footer keeps / filter; a killed worker shows no stale figures; the summary says whole run and ends its line', async () => {
    // a shell, so that what follows ltop's last words (the prompt) is on screen too
    await pane.start('bash --norc', 80, 24);
    await pane.keys(`PS1='PROMPT$ '; cd ${dir} && env NO_COLOR=1 LTOP_STATE_DIR=${dir}/state ${ltopBin} --results-dir ${dir}/out --users 4 --spawn-rate 4`, 'Enter');
    await pane.waitFor(/READY .*2\/2 workers/, 60000);

    await pane.keys('?');
    const help = await pane.waitFor(/any other key closes/);
    const lines = help.split('\n');
    assert.ok(lines.length <= 24 && lines.every((line) => line.length <= 80), help);
    assert.match(help, /Start a swarm \(or change it\): users and spawn rate, the last\s*│\n│\s+ones as defaults/, 'a long help line wraps, it is not cut');
    assert.ok(lines.filter((line) => line.startsWith('│')).every((line) => !line.includes('…')), 'no help line is cut');
    await pane.keys('G');
    const end = await pane.waitFor(/Quit: saves results/);
    assert.match(end, /lines \d+-(\d+) of \1 /, 'G shows the last line');
    await pane.keys('g');
    await pane.waitFor(/lines 1-\d+ of/);
    await pane.keys('z');
    await pane.waitFor(/Throughput/);

    await pane.keys('s12345678');
    const prompt = await pane.waitFor(/Start swarm/);
    assert.match(prompt, /users {2,}12345678 /, 'all eight digits are in the field');
    await pane.keys('123456789012', 'Enter', 'Enter');
    await pane.waitFor(/users is too large \(got "12345678123456789012"\)/);
    await pane.keys('C-u', '4', 'Enter', 'Enter');
    const running = await pane.waitFor(/RUNNING {2}4 users/, 60000);
    assert.match(running.split('\n').at(-1) ?? '', / \/ filter .*\? help q quit/, 'the footer keeps / filter at 80 columns while running');

    const ltop = await pane.ltopPid();
    const workers = descendants(ltop).filter((pid) => / --worker( |$)/.test(cmdline(pid)));
    assert.equal(workers.length, 2);
    await pane.waitFor(new RegExp(`running +2 +\\d+ +\\d+M +${workers[0]} `), 30000);
    process.kill(workers[0]!, 'SIGKILL');
    const killed = await pane.waitFor(new RegExp(`\\S+ +— +— +— +${workers[0]} +killed`), 30000);
    assert.match(killed, new RegExp(`running +\\d+ +\\d+ +\\d+[BkMG] +${workers[1]} `), "the live worker keeps its figures");

    await pane.keys('q');
    await pane.waitFor(/Quit and stop the running local test\?/);
    await pane.keys('y');
    const after = await pane.waitFor(/results: [^\n]+\nPROMPT\$/, 60000);
    assert.match(after, /whole run: requests \d+ +failures \d+/);
    assert.match(after, /latency ms, whole run: p50/);
    assert.match(after, /results: \S+\/out\/\S+\nPROMPT\$/, 'the prompt starts on its own line after the summary');
  });

  it('ltop run --headless | head -3: the run still saves its results and exits with its own code', async () => {
    const results = path.join(dir, 'piped');
    const run = await execa('bash', ['-c', `env LTOP_STATE_DIR=${dir}/state-piped ${ltopBin} run --headless --duration 6s --interval 1s --users 3 --spawn-rate 3 --workers 1 --results-dir ${results} | head -3; echo "exit \${PIPESTATUS[0]}"`], { reject: false, timeout: 120000 });
    const out = run.stdout.split('\n');
    assert.equal(out.length, 4, run.stdout);
    for (const line of out.slice(0, 3)) assert.match(line, /users=\d+ workers=\d\/1 last 10s: rps=[\d.]+ fail\/s=[\d.]+ p50=\S+ms p95=\S+ms whole run: requests=\d+ failures=\d+/);
    assert.equal(out[3], 'exit 0');
    assert.match(run.stderr, /stdout was closed; the run goes on/);
    const runs = (existsSync(results) ? readdirSync(results) : []).filter((name) => existsSync(path.join(results, name, 'summary.json')));
    assert.equal(runs.length, 1);
    const summary = JSON.parse(readFileSync(path.join(results, runs[0]!, 'summary.json'), 'utf8')) as { reason: string; totals: { requests: number } };
    assert.equal(summary.reason, 'end of run');
    assert.ok(summary.totals.requests > 0);
    assert.match(run.stderr, new RegExp(`results: ${results}/${runs[0]}`));
  });
});
