import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { LocustSnapshot } from '../../src/locust/snapshot.js';
import { fixtureSnapshot } from '../support/fixtures.js';
import { baseState, KEYS, renderCockpit, type Cockpit } from '../support/ink.js';
import { eventually } from '../support/wait.js';

const running = fixtureSnapshot('2.46.3-stats-running.json');
let cockpit: Cockpit | null = null;
afterEach(() => {
  cockpit?.unmount();
  cockpit = null;
});

function manyEndpoints(count: number): LocustSnapshot {
  const template = running.endpoints[0]!;
  return { ...running, endpoints: Array.from({ length: count }, (_, index) => ({ ...template, name: `/item/${String(index).padStart(2, '0')}`, requests: 1000 - index })) };
}

describe('cockpit panels', () => {
  it('header labels what it shows: target, web UI, totals, updated, plurals', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    const frame = await cockpit.waitFor('RUNNING');
    assert.match(frame, /ltop local · scenario jsonplaceholder · elapsed 00:00 · updated 0s ago/);
    assert.match(frame, /target http:\/\/127\.0\.0\.1:8080 · web UI http:\/\/127\.0\.0\.1:8089/);
    assert.match(frame, /RUNNING {2}6 users {2}2\/2 workers {2}538 requests {2}rps 84\.0 {2}fail 22\.3%/);
    cockpit.dispatch({ type: 'locust/snapshot', snapshot: { ...running, users: 1, total: { ...running.total, requests: 1 }, workers: running.workers.slice(0, 1) } });
    cockpit.dispatch({ type: 'session/expected-workers', expectedWorkers: 1 });
    await cockpit.waitFor(/1 user {2}1\/1 worker {2}1 request /);
    cockpit.dispatch({ type: 'clock/tick', at: running.at + 5000 });
    await cockpit.waitFor(/updated [5-9]s ago/);
  });

  it('swarm table with Aggregated last, charts, workers and footer', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    const frame = await cockpit.waitFor('RUNNING');
    const lines = frame.split('\n');
    const tableHeader = lines.findIndex((line) => line.includes('Method'));
    const aggregated = lines.findIndex((line) => line.includes('Aggregated'));
    assert.ok(tableHeader >= 0 && aggregated > tableHeader);
    assert.ok(lines.slice(tableHeader + 1, aggregated).some((line) => line.includes('/missing/:id')));
    for (const text of ['Throughput', 'Latency ms', 'Workers 2/2', '? help', 'q quit']) assert.ok(frame.includes(text), text);
  });

  it('after a stop RPS reads 0, whatever rate Locust last computed', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    await cockpit.waitFor('rps 84.0');
    cockpit.dispatch({ type: 'locust/snapshot', snapshot: { ...running, state: 'stopped', at: running.at + 2000 } });
    await cockpit.waitFor(/STOPPED .*rps 0\.0/);
  });

  it('NO_COLOR: each line of a chart has its own glyph in the legend and the plot', async () => {
    const history = Array.from({ length: 30 }, (_, index) => ({ at: index, rps: 50 + index, failPerSec: 5, p50: 10, p95: 40, users: 10 }));
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running, history } });
    const frame = await cockpit.waitFor('Throughput');
    assert.match(frame, /Throughput ── req\/s ·· fail\/s/);
    assert.match(frame, /Latency ms ── p50 ·· p95/);
    assert.match(frame, /·{5,}/, 'the second series is drawn in dots');
  });

  it('an active filter is visible and the Aggregated row says it covers all endpoints', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    await cockpit.press('/', 'data', KEYS.enter);
    const frame = await cockpit.waitFor('filter "data": 1 of 4 endpoints');
    assert.match(frame, /Aggregated \(all 4, not filtered\) +538/);
    // Ctrl+C cancels the edit: the kept filter stays (Esc, below, clears it)
    await cockpit.press('/', 'xyz', KEYS.ctrlC);
    const kept = await cockpit.waitFor('filter "data": 1 of 4 endpoints');
    assert.doesNotMatch(kept, /xyz/);
    await cockpit.press('/', KEYS.escape);
    const cleared = await cockpit.waitFor('/index.html');
    assert.doesNotMatch(cleared, /not filtered/);
  });

  it('a worker above 90 % CPU is highlighted and the header warns', async () => {
    const hot = { ...running, workers: [{ ...running.workers[0]!, cpuPercent: 97 }, running.workers[1]!] };
    cockpit = await renderCockpit({ state: { ...baseState(), locust: hot } });
    const frame = await cockpit.waitFor('worker CPU 97%');
    assert.match(frame, /the load generator is the bottleneck/);
    assert.match(frame, /vm_56f3\S* +running +3 +!97/);
  });

  it('below 80x24: "terminal too small", and back when it grows', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running }, columns: 70, rows: 20 });
    const frame = await cockpit.waitFor('terminal too small: need 80x24');
    assert.match(frame, /this one is 70x20/);
    assert.match(frame, /q quits/);
    // q there opens the quit question: it is shown on the small screen too, since the next key answers it
    await cockpit.press('q');
    const asking = await cockpit.waitFor(/Quit and stop the running local test\?/);
    assert.match(asking.replace(/\n/g, ' '), /\[y\/N\]/);
    assert.doesNotMatch(asking, /q quits/);
    cockpit.resize(80, 24);
    await cockpit.waitFor('Aggregated');
    await cockpit.press(KEYS.escape);
  });

  it('fits 80x24 and 200x60; at 200 columns the width goes to more columns, not the name', async () => {
    for (const [columns, rows] of [
      [80, 24],
      [200, 60],
    ] as const) {
      cockpit = await renderCockpit({ state: { ...baseState(), locust: running }, columns, rows });
      const current = cockpit;
      const frame = await eventually(() => {
        const text = current.frame();
        return (text.split('\n').find((line) => line.includes('Method'))?.length ?? Infinity) <= columns && (columns < 200 || text.includes('Fail%')) ? text : null;
      }, `a ${columns}-column frame`);
      const lines = frame.split('\n');
      assert.ok(lines.length <= rows, `${lines.length} lines at ${columns}x${rows}`);
      for (const line of lines) assert.ok(line.length <= columns, `line of ${line.length} > ${columns}: ${line}`);
      if (columns === 200) {
        const header = lines.find((line) => line.includes('Method'))!;
        for (const column of ['Fail%', 'Avg', 'p99']) assert.ok(header.includes(column), column);
        assert.ok(header.indexOf('Reqs') - header.indexOf('Name') <= 70, 'the name column stops growing');
      }
      cockpit.unmount();
      cockpit = null;
    }
  });

  it('p99 is never above max', async () => {
    const bucketed = { ...running, endpoints: [{ ...running.endpoints[0]!, p95: 120, p99: 130, max: 104 }] };
    cockpit = await renderCockpit({ state: { ...baseState(), locust: bucketed } });
    const frame = await cockpit.waitFor('/data.json');
    assert.match(frame, /\/data\.json +114 +0 +16\.7 +4 +104 +104 +104/);
  });

  it('worker pods: phase, restarts, node and age as the platform reports them', async () => {
    const state = baseState();
    cockpit = await renderCockpit({
      state: {
        ...state,
        platform: 'kube',
        platformWorkers: [
          { id: 'ltop-worker-7d9f-abcde', alive: true, restarts: 2, phase: 'Pending', node: 'ip-10-0-1-7', startedAt: state.now - 125_000 },
          { id: 'ltop-worker-7d9f-fghij', alive: true, restarts: 0, phase: 'Running', node: 'ip-10-0-2-9', startedAt: state.now - 30_000 },
        ],
      },
    });
    const frame = await cockpit.waitFor('ip-10-0-1-7');
    assert.match(frame, /ltop-worker-7d9f-a\S* +connecti… +— .* Pending +2 ip-10-0-1-7 +2m/);
    assert.match(frame, /Running +0 ip-10-0-2-9 +30s/);
  });

  it('a message of several lines (an HTML error page) stays on one line: the frame never outgrows the screen', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running }, columns: 80, rows: 24 });
    cockpit.dispatch({ type: 'session/status', level: 'error', message: 'stop failed: GET /stop answered 405: <!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>', at: 0 });
    const frame = await cockpit.waitFor('stop failed: GET /stop answered 405: 405 Method Not Allowed');
    assert.ok(frame.split('\n').length <= 24, `${frame.split('\n').length} lines`);
    assert.match(frame.split('\n')[0] ?? '', /^ltop local/, 'the header is still the first line');
  });

  it('a failing source shows its cause and the cockpit keeps running', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    cockpit.dispatch({ type: 'locust/unreachable', message: 'Locust master at http://127.0.0.1:8089 unreachable (ECONNREFUSED)', at: Date.now() });
    const frame = await cockpit.waitFor('ECONNREFUSED');
    assert.match(frame, /Aggregated/, 'the last numbers stay on screen');
    assert.match(frame, /ERROR {2}6 users {2}\?\/2 workers/, 'not RUNNING: the master does not answer, the workers are unknown');
    cockpit.dispatch({ type: 'locust/snapshot', snapshot: running });
    await cockpit.waitFor(/RUNNING {2}6 users {2}2\/2 workers/);
  });
});

describe('scrolling and reading a row whole', () => {
  it('the endpoints table scrolls with j/k, PgDn and G, g back to the top', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: manyEndpoints(30) } });
    await cockpit.waitFor(/rows 1-\d+ of 30/);
    await cockpit.press('G');
    const bottom = await cockpit.waitFor(/›GET +\/item\/29/);
    assert.match(bottom, /rows \d+-30 of 30/);
    await cockpit.press('g', 'jj');
    await cockpit.waitFor(/›GET +\/item\/02/);
    await cockpit.press(KEYS.pageDown);
    await cockpit.waitFor(/›GET +\/item\/(0[3-9]|1\d)/);
    await cockpit.press('k');
    await cockpit.waitFor(/Aggregated/);
  });

  it('Enter on an error opens its whole message; Esc closes', async () => {
    const long = `ConnectionError: ${'x'.repeat(150)} END-OF-MESSAGE`;
    const errors = [{ method: 'GET', name: '/missing/:id', message: long, occurrences: 9 }];
    cockpit = await renderCockpit({ state: { ...baseState(), locust: { ...running, errors } } });
    await cockpit.press('e');
    const panel = await cockpit.waitFor('[Errors 1*]');
    assert.doesNotMatch(panel, /END-OF-MESSAGE/, 'the table cuts it');
    await cockpit.press('j', KEYS.enter);
    const detail = await cockpit.waitFor('END-OF-MESSAGE');
    assert.match(detail, /9 × GET \/missing\/:id/);
    assert.match(detail, /RUNNING/, 'the header stays');
    await cockpit.press(KEYS.escape);
    await cockpit.waitFor('Throughput');
  });

  it('logs follow new lines; k scrolls back and stops following; G follows again', async () => {
    const logs = Array.from({ length: 40 }, (_, index) => ({ at: 0, source: 'master', line: `line ${index}` }));
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running, logs } });
    await cockpit.press('l');
    await cockpit.waitFor('line 39');
    await cockpit.press('kkkkkkkkkk');
    const scrolled = await cockpit.waitFor(/line 30 of 40 · G follows/);
    assert.doesNotMatch(scrolled, /line 39/);
    cockpit.dispatch({ type: 'platform/log', source: 'worker-1', line: 'line 40', at: 0 });
    await cockpit.press('G');
    await cockpit.waitFor('line 40');
  });

  it('errors and logs panels by key; Tab moves the focus', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    await cockpit.press('e');
    await cockpit.waitFor('404 Client Error');
    cockpit.dispatch({ type: 'platform/log', source: 'worker-1', line: 'worker leaving', at: 0 });
    await cockpit.press('l');
    await cockpit.waitFor('worker leaving');
    await cockpit.press('i');
    await cockpit.waitFor(/Kind +Name +Status/);
    await cockpit.press(KEYS.tab);
    await cockpit.waitFor(/›GET/);
    await cockpit.press(KEYS.tab);
    await cockpit.waitFor('[Workers 2/2*]');
  });
});

describe('other keys', () => {
  it('workers up and down; scaling the last one away asks first', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    await cockpit.press(']', '[');
    assert.deepEqual(cockpit.calls, [
      ['scaleWorkers', 1],
      ['scaleWorkers', -1],
    ]);
    cockpit.dispatch({ type: 'session/expected-workers', expectedWorkers: 1 });
    await cockpit.press('[');
    await cockpit.waitFor('Scale workers to 0?');
    await cockpit.press('y');
    assert.deepEqual(cockpit.calls.at(-1), ['scaleWorkers', -1]);
  });

  it('reset asks first; destroy asks for the name', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running, platform: 'kube', where: 'ctx/ltop', confirmName: 'ltop', swarmOutlivesDetach: true } });
    await cockpit.press('r');
    await cockpit.waitFor('Reset statistics?');
    await cockpit.press('y', 'D');
    await cockpit.waitFor('Type ltop and Enter'); // the platform's confirmName: the namespace
    await cockpit.press('lto', KEYS.enter);
    assert.deepEqual(cockpit.calls, [['reset']], 'Enter does nothing until the name matches');
    // and says so, with the prompt still open for the correction
    await cockpit.waitFor('"lto" is not ltop: nothing was destroyed; type the name exactly, or Esc');
    await cockpit.press('p');
    await eventually(() => !cockpit!.frame().includes('nothing was destroyed'), 'the warning gone once typing goes on');
    await cockpit.press(KEYS.enter);
    assert.deepEqual(cockpit.calls, [['reset'], ['teardown']]);
  });

  it('o sorts by the next column and O reverses it; the header shows which', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    await cockpit.waitFor('Reqs↓');
    await cockpit.press('o');
    const lines = (await cockpit.waitFor('Fails↓')).split('\n');
    const first = lines[lines.findIndex((line) => line.includes('Method')) + 1] ?? '';
    assert.match(first, /\/missing\/:id|POST +\/index\.html/, 'most failures first');
    await cockpit.press('O');
    await cockpit.waitFor('Fails↑');
  });

  it('? shows every key of the main screen; any key closes it', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running }, columns: 160, rows: 40 });
    await cockpit.press('?');
    const help = await cockpit.waitFor('Keys');
    for (const text of ['Start a swarm', 'Stop the running test', 'Switch scenario', 'Reset statistics', 'Filter endpoints', 'Quit']) assert.ok(help.includes(text), text);
    await cockpit.press('z');
    await cockpit.waitFor('Throughput');
  });
});

describe('d: create the EKS stack', () => {
  const eks = () => ({ ...baseState(), platform: 'eks' as const, where: 'eks', masterUrl: null, canProvision: true, confirmName: 'ltop-load', swarmOutlivesDetach: true, infraEstimate: '$0.39/h in eu-central-1', infraMissing: true, fatal: 'no EKS stack in terraform: press d or run `ltop up --platform eks`' });

  it('asks with the cost of the stack, and Enter (the default No) creates nothing', async () => {
    cockpit = await renderCockpit({ state: eks() });
    await cockpit.press('d');
    const frame = await cockpit.waitFor('Create EKS stack');
    assert.match(frame, /Create EKS stack ltop-load, ~\$0\.39\/h until D destroys it\? \[y\/N\]/);
    // no stack yet is the first step, not a failure: the pill says so in words, not ERROR
    assert.match(frame, / UNDEPLOYED /);
    assert.doesNotMatch(frame, / ERROR /);
    await cockpit.press(KEYS.enter);
    await cockpit.waitFor('Throughput');
    assert.deepEqual(cockpit.calls, []);
    await cockpit.press('d', 'y');
    await eventually(() => cockpit!.calls.length === 1, 'the provision call');
    assert.deepEqual(cockpit.calls, [['provision']]);
  });

  it('is not offered in --readonly, nor where there is nothing to create', async () => {
    cockpit = await renderCockpit({ state: eks(), readonly: true });
    await cockpit.press('d');
    assert.doesNotMatch(cockpit.frame(), /Create EKS stack/);
    cockpit.unmount();
    cockpit = await renderCockpit({ state: { ...baseState(), masterUrl: null } });
    await cockpit.press('d');
    assert.doesNotMatch(cockpit.frame(), /Create EKS stack/);
    assert.deepEqual(cockpit.calls, []);
  });
});
