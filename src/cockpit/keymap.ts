// THE key table: the footer, the `?` overlay and --readonly are all derived from it.
import { isSwarmActive } from '../state/selectors.js';
import type { BottomTab, State } from '../state/state.js';

export type ActionId =
  | 'swarm'
  | 'stop'
  | 'users-up'
  | 'users-down'
  | 'workers-up'
  | 'workers-down'
  | 'scenario'
  | 'reset'
  | 'teardown'
  | 'filter'
  | 'sort'
  | 'sort-reverse'
  | 'tab'
  | 'help'
  | 'quit';

export interface KeyBinding {
  readonly id: ActionId;
  /** what the user presses; `tab` and `ctrl+c` name special keys */
  readonly keys: readonly string[];
  /** short label for the footer */
  readonly label: string;
  /** one sentence for the help overlay */
  readonly help: string;
  /** changes the test or the infrastructure in a way that loses something: --readonly drops it */
  readonly dangerous: boolean;
  /** shown in the footer (the rest only in `?`) */
  readonly footer: boolean;
  /** when it applies; keys that do not apply are ignored and greyed in help */
  readonly available?: (state: State) => boolean;
  /** ask before doing it: the question, or null when no need to ask now */
  readonly confirm?: (state: State) => { question: string; typeToConfirm?: string } | null;
}

const hasMaster = (state: State): boolean => state.masterUrl !== null && state.fatal === null;

export const KEYMAP: readonly KeyBinding[] = [
  { id: 'swarm', keys: ['s'], label: 'swarm', help: 'Start a swarm (or change it): asks users and spawn rate, last values as defaults', dangerous: false, footer: true, available: hasMaster },
  {
    id: 'stop',
    keys: ['x'],
    label: 'stop',
    help: 'Stop the running test (results are saved first)',
    dangerous: true,
    footer: true,
    available: isSwarmActive,
    confirm: () => ({ question: 'Stop the running test? Results are saved first.' }),
  },
  { id: 'users-up', keys: ['+', '='], label: 'users+', help: 'Add 10% more users (at least 1) to the running swarm', dangerous: false, footer: true, available: isSwarmActive },
  { id: 'users-down', keys: ['-', '_'], label: 'users-', help: 'Remove 10% of the users (at least 1) from the running swarm', dangerous: false, footer: true, available: isSwarmActive },
  { id: 'workers-up', keys: [']'], label: 'workers+', help: 'Add one worker', dangerous: false, footer: true, available: hasMaster },
  {
    id: 'workers-down',
    keys: ['['],
    label: 'workers-',
    help: 'Remove one worker (its users move to the others)',
    dangerous: true,
    footer: true,
    available: (state) => hasMaster(state) && state.expectedWorkers > 0,
    confirm: (state) => (state.expectedWorkers <= 1 ? { question: 'Scale workers to 0? No load will be generated.' } : null),
  },
  {
    id: 'scenario',
    keys: ['c'],
    label: 'scenario',
    help: 'Switch scenario: restarts master and workers on the chosen one (results are saved first)',
    dangerous: true,
    footer: true,
    available: (state) => state.masterUrl !== null || state.fatal !== null,
  },
  {
    id: 'reset',
    keys: ['r'],
    label: 'reset',
    help: 'Reset statistics (the current ones are saved first)',
    dangerous: true,
    footer: false,
    available: hasMaster,
    confirm: () => ({ question: 'Reset statistics? The current ones are saved first.' }),
  },
  {
    id: 'teardown',
    keys: ['D'],
    label: 'destroy',
    help: 'Tear down what ltop deployed (results are saved first; type the name to confirm)',
    dangerous: true,
    footer: false,
    available: (state) => state.platform !== 'local',
    confirm: (state) => ({ question: `Destroy everything ltop deployed on ${state.where}?`, typeToConfirm: state.where }),
  },
  { id: 'filter', keys: ['/'], label: 'filter', help: 'Filter endpoints by name (Enter keeps it, Esc clears it)', dangerous: false, footer: true },
  { id: 'sort', keys: ['o'], label: 'sort', help: 'Sort endpoints by the next column', dangerous: false, footer: false },
  { id: 'sort-reverse', keys: ['O'], label: 'reverse', help: 'Reverse the sort order', dangerous: false, footer: false },
  { id: 'tab', keys: ['tab', 'w', 'l', 'e', 'i'], label: 'panel', help: 'Bottom panel: Tab cycles; w workers, l logs, e errors, i infrastructure', dangerous: false, footer: false },
  { id: 'help', keys: ['?'], label: 'help', help: 'Show or hide this help', dangerous: false, footer: true },
  {
    id: 'quit',
    keys: ['q', 'ctrl+c'],
    label: 'quit',
    help: 'Quit: saves results; stops local processes; a test in a cluster keeps running',
    dangerous: false,
    footer: true,
    confirm: (state) => (state.platform === 'local' && isSwarmActive(state) ? { question: 'Quit and stop the running local test? Results are saved first.' } : null),
  },
];

/** The bindings a session may use: --readonly removes every dangerous one. */
export function activeKeymap(readonly: boolean): readonly KeyBinding[] {
  return readonly ? KEYMAP.filter((binding) => !binding.dangerous) : KEYMAP;
}

export function bindingFor(keymap: readonly KeyBinding[], key: string): KeyBinding | undefined {
  return keymap.find((binding) => binding.keys.includes(key));
}

export const TAB_KEYS: Readonly<Record<string, BottomTab>> = { w: 'workers', l: 'logs', e: 'errors', i: 'infra' };
export const TAB_ORDER: readonly BottomTab[] = ['workers', 'logs', 'errors', 'infra'];

export function displayKey(key: string): string {
  return key === 'tab' ? 'Tab' : key === 'ctrl+c' ? '^C' : key;
}
