// The main screen's keys: the swarm, workers, scenario, views, help and quit.
import { isSwarmActive, SORT_ORDER, swarmBase } from '../../state/selectors.js';
import type { BottomTab, ListId, State } from '../../state/state.js';
import { emptyField, typeChar } from '../../state/text-field.js';
import type { KeyBinding, KeyContext } from '../keymap.js';
import { confirmThen, open, swarmPrompt } from './open.js';
import { infraIdle, openDestroy, provisionQuestion } from './provision.js';

const hasMaster = (state: State): boolean => state.masterUrl !== null && state.fatal === null;

export const TAB_ORDER: readonly BottomTab[] = ['workers', 'logs', 'errors', 'infra', 'target'];
// the Target tab is not a list to scroll (it draws no cursor): Tab skips it, `a` opens it
const FOCUS_ORDER: readonly ListId[] = ['endpoints', ...TAB_ORDER.filter((tab) => tab !== 'target')];
const TAB_KEYS: Readonly<Record<string, BottomTab>> = { w: 'workers', l: 'logs', e: 'errors', i: 'infra', a: 'target' };

/** `+`/`-`: from the count asked last (not the last polled one), so `++` steps twice. */
function stepUsers(ctx: KeyContext, direction: 1 | -1): void {
  ctx.actions.stepUsers(direction);
}

function quitQuestion(state: State): string | null {
  if (state.ui.quitArmed) return null; // the second Ctrl+C
  return !state.swarmOutlivesDetach && isSwarmActive(state) ? 'Quit and stop the running local test? Results are saved first.' : null;
}

export const MAIN_BINDINGS: readonly KeyBinding[] = [
  {
    id: 'swarm', scope: 'main', keys: ['s'], label: 'swarm', dangerous: true, footer: true, available: hasMaster,
    help: 'Start a swarm (or change it): users and spawn rate, the last ones as defaults',
    run: (ctx) => {
      const base = swarmBase(ctx.state);
      open(ctx, swarmPrompt(base.users, base.spawnRate));
    },
  },
  {
    id: 'stop', scope: 'main', keys: ['x'], label: 'stop', dangerous: true, footer: true, available: isSwarmActive, asks: 'yes',
    help: 'Stop the running test (results are saved first)',
    run: (ctx) => confirmThen(ctx, 'Stop the running test? Results are saved first.', { kind: 'stop' }),
  },
  { id: 'users-up', scope: 'main', keys: ['+', '='], label: 'users+', dangerous: true, footer: true, footerGroup: 'users', available: isSwarmActive, help: '10 % more users (at least 1), from the count asked last', run: (ctx) => stepUsers(ctx, 1) },
  { id: 'users-down', scope: 'main', keys: ['-', '_'], label: 'users-', dangerous: true, footer: true, footerGroup: 'users', available: isSwarmActive, help: '10 % fewer users (at least 1, never below 1)', run: (ctx) => stepUsers(ctx, -1) },
  { id: 'workers-up', scope: 'main', keys: [']'], label: 'workers+', dangerous: true, footer: true, footerGroup: 'workers', available: hasMaster, help: 'Add one worker', run: (ctx) => ctx.actions.scaleWorkers(1) },
  {
    id: 'workers-down', scope: 'main', keys: ['['], label: 'workers-', dangerous: true, footer: true, footerGroup: 'workers', asks: 'scaling to 0',
    available: (state) => hasMaster(state) && state.expectedWorkers > 0,
    help: 'Remove one worker (its users move to the others)',
    run: (ctx) => confirmThen(ctx, ctx.state.expectedWorkers <= 1 ? 'Scale workers to 0? No load will be generated.' : null, { kind: 'scale-workers', delta: -1 }),
  },
  {
    id: 'scenario', scope: 'main', keys: ['c'], label: 'scenario', dangerous: true, footer: true, asks: 'while a swarm runs',
    available: (state) => state.masterUrl !== null || state.fatal !== null,
    help: 'Switch scenario: restarts master and workers on the chosen one (results are saved first)',
    run: (ctx) => open(ctx, { kind: 'scenario', index: Math.max(0, ctx.scenarios.indexOf(ctx.state.scenario)) }),
  },
  {
    id: 'reset', scope: 'main', keys: ['r'], label: 'reset', dangerous: true, footer: false, available: hasMaster, asks: 'yes',
    help: 'Reset statistics (the current ones are saved first)',
    run: (ctx) => confirmThen(ctx, 'Reset statistics? The current ones are saved first.', { kind: 'reset' }),
  },
  {
    id: 'provision', scope: 'main', keys: ['d'], label: 'deploy', dangerous: true, footer: true, asks: 'yes (with the cost)',
    available: (state) => state.canProvision && state.masterUrl === null && infraIdle(state),
    help: 'Create the AWS stack (terraform apply, progress on screen) and deploy the swarm into it',
    // short enough for 80 columns with its [y/N]: the cost is the point of the question
    run: (ctx) => confirmThen(ctx, provisionQuestion(ctx.state), { kind: 'provision' }),
  },
  {
    id: 'teardown', scope: 'main', keys: ['D'], label: 'destroy', dangerous: true, footer: false, asks: 'type the name',
    available: (state) => state.confirmName !== null && infraIdle(state),
    help: 'Tear down what ltop deployed (results are saved first)',
    run: openDestroy,
  },
  {
    id: 'filter', scope: 'main', keys: ['/'], label: 'filter', dangerous: false, footer: true,
    help: 'Filter endpoints by name; with the Logs panel focused, its lines (Enter keeps it, Esc clears it)',
    run: (ctx) =>
      ctx.state.ui.focus === 'logs'
        ? open(ctx, { kind: 'filter', target: 'logs', field: [...ctx.state.ui.logFilter].reduce(typeChar, emptyField()), before: ctx.state.ui.logFilter })
        : open(ctx, { kind: 'filter', field: [...ctx.state.ui.filter].reduce(typeChar, emptyField()), before: ctx.state.ui.filter }),
  },
  {
    id: 'sort', scope: 'main', keys: ['o'], label: 'sort', dangerous: false, footer: false, help: 'Sort endpoints by the next column',
    run: (ctx) => {
      const next = SORT_ORDER[(SORT_ORDER.indexOf(ctx.state.ui.sort.column) + 1) % SORT_ORDER.length] ?? 'requests';
      ctx.dispatch({ type: 'ui/sort', column: next, descending: next !== 'name' });
    },
  },
  { id: 'sort-reverse', scope: 'main', keys: ['O'], label: 'reverse', dangerous: false, footer: false, help: 'Reverse the sort order', run: (ctx) => ctx.dispatch({ type: 'ui/sort', column: ctx.state.ui.sort.column, descending: !ctx.state.ui.sort.descending }) },
  {
    id: 'focus', scope: 'main', keys: ['tab'], label: 'next', dangerous: false, footer: false, help: 'Move the focus: the endpoints table, then Workers, Logs, Errors and Infra in turn (the Target tab, with no rows to scroll, is a)',
    run: (ctx) => ctx.dispatch({ type: 'ui/focus', focus: FOCUS_ORDER[(FOCUS_ORDER.indexOf(ctx.state.ui.focus) + 1) % FOCUS_ORDER.length] ?? 'endpoints' }),
  },
  { id: 'endpoints', scope: 'main', keys: ['t'], label: 'table', dangerous: false, footer: false, help: 'The endpoints table takes j/k', run: (ctx) => ctx.dispatch({ type: 'ui/focus', focus: 'endpoints' }) },
  { id: 'panel', scope: 'main', keys: ['w', 'l', 'e', 'i', 'a'], label: 'panel', dangerous: false, footer: false, help: 'Bottom panel: w workers, l logs, e errors, i infrastructure, a application (the target)', run: (ctx) => ctx.dispatch({ type: 'ui/tab', tab: TAB_KEYS[ctx.key] ?? 'workers' }) },
  { id: 'help', scope: 'main', keys: ['?'], label: 'help', dangerous: false, footer: true, help: 'Show every key', run: (ctx) => open(ctx, { kind: 'help' }) },
  {
    id: 'quit', scope: 'main', keys: ['q', 'ctrl+c'], label: 'quit', dangerous: false, footer: true, asks: 'a running local test (Ctrl+C twice quits)',
    help: 'Quit: saves results; stops local processes; a test in a cluster keeps running',
    run: (ctx) => confirmThen(ctx, quitQuestion(ctx.state), { kind: 'quit' }),
  },
];
