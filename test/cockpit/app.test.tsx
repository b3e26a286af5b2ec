import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { fixtureSnapshot } from '../support/fixtures.js';
import { baseState, KEYS, renderCockpit, type Cockpit } from '../support/ink.js';
import { eventually } from '../support/wait.js';

const running = fixtureSnapshot('2.46.3-stats-running.json');
let cockpit: Cockpit | null = null;
afterEach(() => {
  cockpit?.unmount();
  cockpit = null;
});

describe('cockpit panels', () => {
  it('header, swarm table with Aggregated last, charts, workers and footer', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    const frame = await cockpit.waitFor('RUNNING');
    assert.match(frame, /local · http:\/\/127\.0\.0\.1:8080 · scenario jsonplaceholder/);
    assert.match(frame, /users 6 {2}workers 2\/2/);
    const lines = frame.split('\n');
    const tableHeader = lines.findIndex((line) => line.startsWith('Method'));
    const aggregated = lines.findIndex((line) => line.includes('Aggregated'));
    assert.ok(tableHeader >= 0 && aggregated > tableHeader);
    assert.ok(lines.slice(tableHeader + 1, aggregated).some((line) => line.includes('/missing/:id')));
    assert.match(frame, /Throughput/);
    assert.match(frame, /Latency ms/);
    assert.match(frame, /Workers 2\/2/);
    assert.match(frame, /\? help/);
    assert.match(frame, /q quit/);
  });

  it('fits 80x24 and 200x60 without a line longer than the screen', async () => {
    for (const [columns, rows] of [
      [80, 24],
      [200, 60],
    ] as const) {
      cockpit = await renderCockpit({ state: { ...baseState(), locust: running }, columns, rows });
      const current = cockpit;
      // the frame after the resize: its table header spans exactly the new width
      const frame = await eventually(() => {
        const text = current.frame();
        return text.split('\n').find((line) => line.startsWith('Method'))?.length === columns ? text : null;
      }, `a ${columns}-column frame`);
      const lines = frame.split('\n');
      assert.ok(lines.length <= rows, `${lines.length} lines at ${columns}x${rows}`);
      for (const line of lines) assert.ok(line.length <= columns, `line of ${line.length} > ${columns}: ${line}`);
      cockpit.unmount();
      cockpit = null;
    }
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

  it('errors and logs panels by key', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    await cockpit.press('e');
    await cockpit.waitFor('404 Client Error');
    cockpit.dispatch({ type: 'platform/log', source: 'worker-1', line: 'worker leaving', at: 0 });
    await cockpit.press('l');
    await cockpit.waitFor('worker leaving');
    await cockpit.waitFor('[Logs]');
    await cockpit.press('i');
    await cockpit.waitFor(/Kind +Name +Status/);
    await cockpit.press(KEYS.tab);
    await cockpit.waitFor('[Workers 2/2]');
  });

  it('a failing source shows its cause and the cockpit keeps running', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    cockpit.dispatch({ type: 'locust/unreachable', message: 'Locust master at http://127.0.0.1:8089 unreachable (ECONNREFUSED)', at: Date.now() });
    await cockpit.waitFor('ECONNREFUSED');
    assert.match(cockpit.frame(), /Aggregated/, 'the last numbers stay on screen');
  });
});

describe('cockpit keys', () => {
  it('s asks users and spawn rate with the last values, Enter Enter starts', async () => {
    cockpit = await renderCockpit();
    await cockpit.press('s');
    const prompt = await cockpit.waitFor('Start swarm');
    assert.match(prompt, /users +10/);
    assert.match(prompt, /spawn rate\/s *5/);
    await cockpit.press(KEYS.backspace, KEYS.backspace, '2', '5', KEYS.enter, KEYS.enter);
    assert.deepEqual(cockpit.calls, [['swarm', 25, 5]]);
  });

  it('the swarm prompt refuses nonsense and Esc cancels', async () => {
    cockpit = await renderCockpit();
    await cockpit.press('s', KEYS.backspace, KEYS.backspace, '0', KEYS.enter, KEYS.enter);
    await cockpit.waitFor('users must be a whole number of at least 1');
    await cockpit.press(KEYS.escape);
    await cockpit.waitFor('Throughput');
    assert.deepEqual(cockpit.calls, []);
  });

  it('users up/down move by 10% of the last swarm', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running, lastSwarm: { users: 50, spawnRate: 5 } } });
    await cockpit.press('+', '-');
    assert.deepEqual(cockpit.calls, [
      ['setUsers', 55],
      ['setUsers', 45],
    ]);
  });

  it('stop asks first: n keeps running, y stops', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    await cockpit.press('x');
    await cockpit.waitFor('Stop the running test?');
    await cockpit.press('n');
    await cockpit.waitFor('Throughput');
    assert.deepEqual(cockpit.calls, []);
    await cockpit.press('x');
    await cockpit.waitFor('Stop the running test?');
    await cockpit.press('y');
    assert.deepEqual(cockpit.calls, [['stop']]);
  });

  it('workers up and down', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    await cockpit.press(']', '[');
    assert.deepEqual(cockpit.calls, [
      ['changeWorkers', 1],
      ['changeWorkers', -1],
    ]);
  });

  it('scaling the last worker away asks first', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running, expectedWorkers: 1 } });
    await cockpit.press('[');
    await cockpit.waitFor('Scale workers to 0?');
    await cockpit.press('y');
    assert.deepEqual(cockpit.calls, [['changeWorkers', -1]]);
  });

  it('c picks another scenario', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    await cockpit.press('c');
    await cockpit.waitFor('jsonplaceholder (current)');
    await cockpit.press(KEYS.up, KEYS.enter);
    assert.deepEqual(cockpit.calls, [['switchScenario', 'httpbin']]);
  });

  it('/ filters the table as you type; Esc clears', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    await cockpit.press('/', 'd', 'a', 't', 'a');
    const filtered = await cockpit.waitFor((/\/data\.json/));
    assert.doesNotMatch(filtered.split('Throughput')[0] ?? '', /\/index\.html/);
    await cockpit.press(KEYS.escape);
    await cockpit.waitFor('/index.html');
  });

  it('o sorts by the next column and O reverses it; the header shows which', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    await cockpit.waitFor('Reqs↓');
    await cockpit.press('o');
    await cockpit.waitFor('Fails↓');
    const lines = (await cockpit.waitFor('Fails↓')).split('\n');
    const first = lines[lines.findIndex((line) => line.startsWith('Method')) + 1] ?? '';
    assert.match(first, /\/missing\/:id|POST +\/index\.html/, 'most failures first');
    await cockpit.press('O');
    await cockpit.waitFor('Fails↑');
  });

  it('? shows every key from the keymap; any key closes it', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    await cockpit.press('?');
    const help = await cockpit.waitFor('Keys');
    for (const text of ['Start a swarm', 'Stop the running test', 'Switch scenario', 'Reset statistics', 'Filter endpoints', 'Quit']) assert.ok(help.includes(text), text);
    await cockpit.press('z');
    await cockpit.waitFor('Throughput');
  });

  it('--readonly: dangerous keys do nothing and are gone from footer and help', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running }, readonly: true });
    const frame = await cockpit.waitFor('READONLY');
    assert.doesNotMatch(frame, / x stop/);
    await cockpit.press('x', '[', 'r', 'c');
    assert.deepEqual(cockpit.calls, []);
    await cockpit.press('?');
    const help = await cockpit.waitFor('read-only');
    assert.doesNotMatch(help, /Stop the running test/);
  });

  it('q on a running local test asks first, then quits; Ctrl+C too', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    await cockpit.press('q');
    await cockpit.waitFor('Quit and stop the running local test?');
    await cockpit.press('y');
    await cockpit.press(KEYS.ctrlC);
    await cockpit.waitFor('Quit and stop');
    await cockpit.press('y');
    assert.deepEqual(cockpit.calls, [['quit'], ['quit']]);
  });
});
