// Keys as a user types them, including several in one read (key repeat, SSH batching, paste).
import { eventually } from '../support/wait.js';
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { fixtureSnapshot } from '../support/fixtures.js';
import { baseState, KEYS, renderCockpit, type Cockpit } from '../support/ink.js';

const running = fixtureSnapshot('2.46.3-stats-running.json');
let cockpit: Cockpit | null = null;
afterEach(() => {
  cockpit?.unmount();
  cockpit = null;
});

describe('the swarm prompt', () => {
  it('typing replaces the default: s then 50 asks for 50 users, not 1050', async () => {
    cockpit = await renderCockpit();
    await cockpit.press('s');
    await cockpit.waitFor('Start swarm');
    await cockpit.press('5', '0', KEYS.enter, KEYS.enter);
    assert.deepEqual(cockpit.calls, [['swarm', 50, 5]]);
  });

  it('s50 Enter Enter in one read', async () => {
    cockpit = await renderCockpit();
    await cockpit.press(`s50${KEYS.enter}${KEYS.enter}`);
    assert.deepEqual(cockpit.calls, [['swarm', 50, 5]]);
  });

  it('labels are spaced and the default is shown', async () => {
    cockpit = await renderCockpit();
    await cockpit.press('s');
    const prompt = await cockpit.waitFor('Start swarm');
    assert.match(prompt, /users {2,}10/);
    assert.match(prompt, /spawn rate\/s {2,}5/);
  });

  it('Backspace deletes one character per press, even several in one read', async () => {
    cockpit = await renderCockpit();
    await cockpit.press('s', '1234', `${KEYS.backspace}${KEYS.backspace}`);
    await cockpit.waitFor(/users +12 /);
    await cockpit.press(KEYS.enter, KEYS.enter);
    assert.deepEqual(cockpit.calls, [['swarm', 12, 5]]);
  });

  it('Ctrl+U clears the field; only digits go into a count', async () => {
    cockpit = await renderCockpit();
    await cockpit.press('s', '99', KEYS.ctrlU, 'a4-x2 ', KEYS.enter, KEYS.ctrlU, '2.5', KEYS.enter);
    assert.deepEqual(cockpit.calls, [['swarm', 42, 2.5]]);
  });

  it('refuses nonsense and says why; Esc cancels', async () => {
    cockpit = await renderCockpit();
    await cockpit.press('s', '0', KEYS.enter, KEYS.enter);
    await cockpit.waitFor('users must be a whole number of at least 1');
    await cockpit.press(KEYS.escape);
    await cockpit.waitFor('Throughput');
    assert.deepEqual(cockpit.calls, []);
  });

  it('a count too large is refused at the users field, on its Enter, before the spawn rate', async () => {
    cockpit = await renderCockpit();
    await cockpit.press('s', '9'.repeat(20), KEYS.enter);
    const frame = await cockpit.waitFor('users is too large');
    assert.match(frame, /users {2,}9{20}/, 'the cursor stays on users');
    await cockpit.press(KEYS.ctrlU, '3', KEYS.enter, KEYS.enter);
    await eventually(() => cockpit!.calls.length === 1, 'the swarm');
    assert.deepEqual(cockpit.calls, [['swarm', 3, 5]]);
  });

  it('after a refusal the cursor is back on the wrong field: the next keys fix it', async () => {
    cockpit = await renderCockpit();
    await cockpit.press('s', '0', KEYS.enter, KEYS.enter);
    await cockpit.waitFor('users must be a whole number of at least 1');
    await cockpit.press(KEYS.ctrlU, '7', KEYS.enter, KEYS.enter);
    await eventually(() => cockpit!.calls.length === 1, 'the swarm');
    assert.deepEqual(cockpit.calls, [['swarm', 7, 5]]);
  });

  it('leaves the header and the numbers visible', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    await cockpit.press('s');
    const frame = await cockpit.waitFor('Start swarm');
    assert.match(frame, /RUNNING/);
    assert.match(frame, /Aggregated/);
  });
});

describe('users up and down', () => {
  it('++ in one read steps twice from the count just asked for', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running, requested: { users: 50, spawnRate: 5 } } });
    await cockpit.press('++');
    assert.deepEqual(cockpit.calls, [
      ['swarm', 55, 5],
      ['swarm', 61, 5],
    ]);
  });

  it('after s 50 the next + steps from 50, whatever Locust last reported', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    await cockpit.press(`s50${KEYS.enter}${KEYS.enter}`, '+', '-');
    assert.deepEqual(cockpit.calls, [
      ['swarm', 50, 5],
      ['swarm', 55, 5],
      ['swarm', 49, 5],
    ]);
  });
});

describe('Ctrl+C and [y/N]', () => {
  it('Ctrl+C cancels a prompt; a second Ctrl+C quits at once', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    await cockpit.press('s');
    await cockpit.waitFor('Start swarm');
    await cockpit.press(KEYS.ctrlC);
    await cockpit.waitFor('Throughput');
    assert.deepEqual(cockpit.calls, []);
    await cockpit.press(KEYS.ctrlC);
    assert.deepEqual(cockpit.calls, [['quit']]);
  });

  it('Ctrl+C Ctrl+C quits a running local test (the first asks, the second answers)', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    await cockpit.press(KEYS.ctrlC);
    const asking = await cockpit.waitFor('Quit and stop the running local test?');
    // the question says how to leave at once, whole at 80 columns (it wraps, it is not cut)
    assert.match(asking.replace(/[│\s]+/g, ' '), /\(Ctrl\+C again quits\)/);
    await cockpit.press(KEYS.ctrlC);
    assert.deepEqual(cockpit.calls, [['quit']]);
  });

  it('Ctrl+C closes help, the filter, the picker and a [y/N] without doing anything', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    for (const open of ['?', '/', 'c', 'x']) {
      await cockpit.press(open);
      await cockpit.waitFor(/Keys —|Enter keep|Switch scenario|Stop the running test\?/);
      await cockpit.press(KEYS.ctrlC);
      await cockpit.waitFor('Throughput');
      await cockpit.press('o'); // any other key disarms the quit
    }
    assert.deepEqual(cockpit.calls, []);
  });

  it('Enter on [y/N] takes the default: no', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    await cockpit.press('x');
    await cockpit.waitFor('Stop the running test? Results are saved first. [y/N]');
    await cockpit.press(KEYS.enter);
    await cockpit.waitFor('Throughput');
    assert.deepEqual(cockpit.calls, []);
    await cockpit.press('x', 'y');
    assert.deepEqual(cockpit.calls, [['stop']]);
  });
});

describe('--readonly is watch only', () => {
  it('nothing that starts, stops or changes load or workers is called, whatever is pressed', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running, platform: 'kube', where: 'ctx/ltop', confirmName: 'ltop', swarmOutlivesDetach: true }, readonly: true });
    const frame = await cockpit.waitFor('READONLY');
    assert.doesNotMatch(frame, / s swarm| x stop| \+ users/);
    // each dangerous key, followed by what would confirm it
    for (const key of ['s', 'x', '+', '-', ']', '[', 'c', 'r', 'D']) await cockpit.press(key, 'y', `50${KEYS.enter}${KEYS.enter}`, KEYS.escape);
    assert.deepEqual(cockpit.calls, []);
    await cockpit.press('?');
    const help = await cockpit.waitFor('read-only');
    assert.doesNotMatch(help, /Stop the running test|Start a swarm/);
  });

  it('the same keys do act without --readonly (the test above can fail)', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running, platform: 'kube', where: 'ctx/ltop', confirmName: 'ltop', swarmOutlivesDetach: true } });
    await cockpit.press('+', 'x', 'y', ']');
    assert.deepEqual(cockpit.calls.map((call) => call[0]), ['swarm', 'stop', 'scaleWorkers']);
  });
});

describe('scenario switch', () => {
  it('while a swarm runs it asks first', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running } });
    await cockpit.press('c');
    await cockpit.waitFor('jsonplaceholder (current)');
    await cockpit.press(KEYS.up, KEYS.enter);
    await cockpit.waitFor('Switch to httpbin? This stops the running swarm');
    assert.deepEqual(cockpit.calls, []);
    await cockpit.press('y');
    assert.deepEqual(cockpit.calls, [['switchScenario', 'httpbin']]);
  });

  it('with no swarm running, picking is the confirmation', async () => {
    cockpit = await renderCockpit();
    await cockpit.press('c', KEYS.up, KEYS.enter);
    assert.deepEqual(cockpit.calls, [['switchScenario', 'httpbin']]);
  });
});

describe('workers in a burst', () => {
  it('[[ in one read removes one worker, then asks before scaling to 0', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running, expectedWorkers: 2 } });
    await cockpit.press('[[');
    await cockpit.waitFor('Scale workers to 0?');
    assert.deepEqual(cockpit.calls, [['scaleWorkers', -1]]);
    await cockpit.press(KEYS.enter);
    await cockpit.waitFor('Throughput');
    assert.deepEqual(cockpit.calls, [['scaleWorkers', -1]], 'Enter takes the default: No');
  });
});
