import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { helpLines, helpRows, helpTextWidth, helpTop, wrapWords } from '../../src/cockpit/help-lines.js';
import { KEYMAP } from '../../src/cockpit/keymap.js';
import { parseSwarmInput } from '../../src/cockpit/keys/swarm-prompt.js';
import { formatRow } from '../../src/cockpit/Table.js';
import { columnWidths, WORKER_COLUMNS, workerCells } from '../../src/render/rows.js';
import { workerRows } from '../../src/state/selectors.js';
import { fixtureSnapshot } from '../support/fixtures.js';
import { baseState } from '../support/ink.js';

describe('the ? help at 80x24', () => {
  it('wraps every help at words, cuts none, and scrolls to a last full page', () => {
    const width = helpTextWidth(80);
    const lines = helpLines(KEYMAP, baseState(), width);
    for (const line of lines) assert.ok(line.keys.length + line.text.length <= width, `${line.keys}${line.text}`);
    const text = lines.map((line) => line.text).join(' ');
    for (const binding of KEYMAP.filter((b) => b.scope === 'main')) assert.ok(text.includes(binding.help.split(' ').slice(-2).join(' ')), binding.help);
    const rows = helpRows(19);
    assert.ok(lines.length > rows, 'at 80x24 it does not fit: it scrolls');
    assert.equal(helpTop(lines.length, rows, Number.MAX_SAFE_INTEGER), lines.length - rows);
    assert.equal(helpTop(lines.length, rows, -5), 0);
  });

  it('wrapWords splits a word longer than the line', () => {
    assert.deepEqual(wrapWords('ab cdefgh i', 4), ['ab', 'cdef', 'gh i']);
  });
});

describe('the swarm prompt takes a count whole', () => {
  it('eight digits are eight digits; too large to be exact is refused with its reason', () => {
    assert.deepEqual(parseSwarmInput('12345678', '10'), { users: 12345678, spawnRate: 10 });
    assert.match(parseSwarmInput('123456789012345678901', '10') as string, /^users is too large/);
    assert.equal(parseSwarmInput('0', '10'), 'users must be a whole number of at least 1');
  });
});

describe('a worker that is gone', () => {
  it('shows no users, CPU or memory (Locust keeps its last report)', () => {
    const snapshot = fixtureSnapshot('2.47.0-stats-running.json');
    const [first, second] = snapshot.workers;
    assert.ok(first && second);
    const state = {
      ...baseState(),
      locust: { ...snapshot, workers: [{ ...first, state: 'missing' as const }, second] },
      platformWorkers: [
        { id: 'worker-1', pid: 11, alive: false, restarts: 0, phase: 'killed(SIGKILL)', locustId: first.id },
        { id: 'worker-2', pid: 12, alive: true, restarts: 0, phase: 'running', locustId: second.id },
      ],
    };
    const [dead, live] = workerRows(state).map((row) => workerCells(row, state.now));
    assert.deepEqual(dead?.slice(1, 5), ['missing', '—', '—', '—']);
    assert.notEqual(live?.[3], '—');
  });
});

describe('the workers table on a wide screen', () => {
  it('at 200 columns a pod name, `killed(SIGKILL)` and an EC2 node name are whole; at 80 every column keeps its width', () => {
    const cells = ['ltop-worker-5d8f7c9b6-x2k4p', 'missing', '—', '—', '—', '—', 'killed(SIGKILL)', '0', 'ip-10-0-1-23.eu-central-1.compute.internal', '114s'];
    const wide = formatRow(WORKER_COLUMNS, columnWidths(WORKER_COLUMNS, 199), cells);
    for (const whole of [cells[0]!, cells[6]!, cells[8]!]) assert.ok(wide.includes(whole), `${whole} in ${wide}`);
    assert.ok(wide.length <= 199);
    assert.deepEqual(columnWidths(WORKER_COLUMNS, 79), WORKER_COLUMNS.map((column) => column.width));
  });
});

describe('workers while the master does not answer', () => {
  it('read unknown, without the figures the master last gave, as the header reads ?/N', () => {
    const snapshot = fixtureSnapshot('2.47.0-stats-running.json');
    const [first] = snapshot.workers;
    assert.ok(first);
    const state = {
      ...baseState(),
      locust: snapshot,
      locustError: 'Locust master at http://127.0.0.1:1 unreachable (connect ECONNREFUSED 127.0.0.1:1)',
      platformWorkers: [
        { id: 'worker-1', pid: 11, alive: true, restarts: 0, phase: 'running', locustId: first.id },
        { id: 'worker-2', pid: 12, alive: true, restarts: 0, phase: 'running' },
      ],
    };
    for (const cells of workerRows(state).map((row) => workerCells(row, state.now))) assert.deepEqual(cells.slice(1, 5), ['unknown', '—', '—', '—']);
  });
});
