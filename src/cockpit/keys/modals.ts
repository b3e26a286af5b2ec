// The modals' keys, in the same table as the main screen's: while one is open it has the keys.
// Ctrl+C cancels any of them (and arms the next Ctrl+C to quit at once).
import { isSwarmActive } from '../../state/selectors.js';
import type { Overlay, TextField } from '../../state/state.js';
import { acceptsCount, acceptsRate, clearField, deleteChar, typeChar } from '../../state/text-field.js';
import { perform } from '../actions.js';
import type { KeyBinding, KeyContext, Scope } from '../keymap.js';
import { close, confirmThen, open } from './open.js';

type Of<K extends Overlay['kind']> = Extract<Overlay, { kind: K }>;

function overlay<K extends Overlay['kind']>(ctx: KeyContext, kind: K): Of<K> | null {
  const current = ctx.state.ui.overlay;
  return current.kind === kind ? (current as Of<K>) : null;
}

function cancelKeys(scope: Scope, onCancel: (ctx: KeyContext) => void = close): KeyBinding[] {
  return [
    { id: `${scope}-cancel`, scope, keys: ['escape'], label: 'cancel', dangerous: false, footer: true, help: 'Cancel', run: onCancel },
    {
      id: `${scope}-interrupt`, scope, keys: ['ctrl+c'], label: 'cancel', dangerous: false, footer: false, help: 'Cancel; a second Ctrl+C quits',
      run: (ctx) => {
        onCancel(ctx);
        ctx.dispatch({ type: 'ui/quit-armed', armed: true });
      },
    },
  ];
}

/** Parses what the swarm prompt holds: whole users >= 1, a rate above 0. */
export function parseSwarmInput(users: string, rate: string): { users: number; spawnRate: number } | string {
  if (!/^[0-9]+$/.test(users) || Number(users) < 1) return 'users must be a whole number of at least 1';
  const parsedRate = Number(rate);
  if (!/^[0-9]*\.?[0-9]+$/.test(rate) || !(parsedRate > 0)) return 'spawn rate must be a number above 0';
  return { users: Number(users), spawnRate: parsedRate };
}

function editSwarm(ctx: KeyContext, edit: (field: TextField, which: 'users' | 'rate') => TextField): void {
  const prompt = overlay(ctx, 'swarm');
  if (!prompt) return;
  const which = prompt.field;
  open(ctx, { ...prompt, [which]: edit(prompt[which], which), problem: null });
}

function submitSwarm(ctx: KeyContext): void {
  const prompt = overlay(ctx, 'swarm');
  if (!prompt) return;
  if (prompt.field === 'users') return open(ctx, { ...prompt, field: 'rate' });
  const parsed = parseSwarmInput(prompt.users.text, prompt.rate.text);
  if (typeof parsed === 'string') return open(ctx, { ...prompt, problem: parsed });
  close(ctx);
  ctx.dispatch({ type: 'ui/swarm-asked', users: parsed.users, spawnRate: parsed.spawnRate });
  ctx.actions.swarm(parsed.users, parsed.spawnRate);
}

const SWARM: readonly KeyBinding[] = [
  {
    id: 'swarm-type', scope: 'swarm', keys: ['<digit>', '.'], label: 'type', dangerous: false, footer: false, help: 'Digits (the rate takes one decimal point); the first replaces the default',
    run: (ctx) => editSwarm(ctx, (field, which) => ((which === 'users' ? acceptsCount : acceptsRate)(field, ctx.key) ? typeChar(field, ctx.key) : field)),
  },
  { id: 'swarm-delete', scope: 'swarm', keys: ['backspace'], label: 'delete', dangerous: false, footer: false, help: 'Delete one character', run: (ctx) => editSwarm(ctx, deleteChar) },
  { id: 'swarm-clear', scope: 'swarm', keys: ['ctrl+u'], label: 'clear', dangerous: false, footer: false, help: 'Clear the field', run: (ctx) => editSwarm(ctx, clearField) },
  {
    id: 'swarm-next', scope: 'swarm', keys: ['tab'], label: 'switch field', dangerous: false, footer: true, help: 'The other field',
    run: (ctx) => {
      const prompt = overlay(ctx, 'swarm');
      if (prompt) open(ctx, { ...prompt, field: prompt.field === 'users' ? 'rate' : 'users' });
    },
  },
  { id: 'swarm-submit', scope: 'swarm', keys: ['enter'], label: 'next/start', dangerous: false, footer: true, help: 'Users: on to the spawn rate; spawn rate: start', run: submitSwarm },
  ...cancelKeys('swarm'),
];

function editFilter(ctx: KeyContext, edit: (field: TextField) => TextField): void {
  const prompt = overlay(ctx, 'filter');
  if (!prompt) return;
  const field = edit(prompt.field);
  open(ctx, { kind: 'filter', field });
  ctx.dispatch({ type: 'ui/filter', filter: field.text });
  ctx.dispatch({ type: 'ui/cursor', list: 'endpoints', index: null });
}

const clearFilter = (ctx: KeyContext): void => {
  ctx.dispatch({ type: 'ui/filter', filter: '' });
  close(ctx);
};

const FILTER: readonly KeyBinding[] = [
  { id: 'filter-type', scope: 'filter', keys: ['<char>'], label: 'type', dangerous: false, footer: false, help: 'The table narrows as you type', run: (ctx) => editFilter(ctx, (field) => typeChar(field, ctx.key === 'space' ? ' ' : ctx.key)) },
  { id: 'filter-delete', scope: 'filter', keys: ['backspace'], label: 'delete', dangerous: false, footer: false, help: 'Delete one character', run: (ctx) => editFilter(ctx, deleteChar) },
  { id: 'filter-clear', scope: 'filter', keys: ['ctrl+u'], label: 'clear', dangerous: false, footer: false, help: 'Clear the filter text', run: (ctx) => editFilter(ctx, clearField) },
  { id: 'filter-keep', scope: 'filter', keys: ['enter'], label: 'keep', dangerous: false, footer: true, help: 'Keep the filter', run: close },
  ...cancelKeys('filter', clearFilter).map((binding) => (binding.id === 'filter-cancel' ? { ...binding, label: 'clear', help: 'Clear the filter' } : binding)),
];

function moveScenario(ctx: KeyContext, delta: number): void {
  const picker = overlay(ctx, 'scenario');
  if (picker) open(ctx, { kind: 'scenario', index: Math.max(0, Math.min(ctx.scenarios.length - 1, picker.index + delta)) });
}

const SCENARIO: readonly KeyBinding[] = [
  { id: 'scenario-up', scope: 'scenario', keys: ['up', 'k'], label: 'up', dangerous: false, footer: false, help: 'Previous scenario', run: (ctx) => moveScenario(ctx, -1) },
  { id: 'scenario-down', scope: 'scenario', keys: ['down', 'j'], label: 'down', dangerous: false, footer: false, help: 'Next scenario', run: (ctx) => moveScenario(ctx, 1) },
  {
    id: 'scenario-pick', scope: 'scenario', keys: ['enter'], label: 'switch', dangerous: false, footer: true, help: 'Switch to it (asks first while a swarm runs: the switch stops it)',
    run: (ctx) => {
      const picker = overlay(ctx, 'scenario');
      const name = picker ? ctx.scenarios[picker.index] : undefined;
      if (!name) return;
      close(ctx);
      confirmThen(ctx, isSwarmActive(ctx.state) ? `Switch to ${name}? This stops the running swarm (results are saved first).` : null, { kind: 'switch-scenario', name });
    },
  },
  ...cancelKeys('scenario'),
];

function answer(ctx: KeyContext, yes: boolean): void {
  const question = overlay(ctx, 'confirm');
  close(ctx);
  if (yes && question) perform(question.action, ctx.actions);
}

const CONFIRM: readonly KeyBinding[] = [
  { id: 'confirm-yes', scope: 'confirm', keys: ['y', 'Y'], label: 'yes', dangerous: false, footer: true, help: 'Yes, do it', run: (ctx) => answer(ctx, true) },
  { id: 'confirm-no', scope: 'confirm', keys: ['n', 'N', 'enter', 'escape'], label: 'no', dangerous: false, footer: true, help: 'No (the default, as [y/N] shows: Enter answers it)', run: (ctx) => answer(ctx, false) },
  {
    id: 'confirm-interrupt', scope: 'confirm', keys: ['ctrl+c'], label: 'cancel', dangerous: false, footer: false, help: 'No; but on "Quit?" a second Ctrl+C means quit',
    run: (ctx) => {
      const quitting = overlay(ctx, 'confirm')?.action.kind === 'quit';
      answer(ctx, quitting);
      if (!quitting) ctx.dispatch({ type: 'ui/quit-armed', armed: true });
    },
  },
];

function editTyped(ctx: KeyContext, edit: (typed: string) => string): void {
  const prompt = overlay(ctx, 'type-confirm');
  if (prompt) open(ctx, { ...prompt, typed: edit(prompt.typed) });
}

const TYPE_CONFIRM: readonly KeyBinding[] = [
  { id: 'type-confirm-type', scope: 'type-confirm', keys: ['<char>'], label: 'type', dangerous: false, footer: false, help: 'Type the name', run: (ctx) => editTyped(ctx, (typed) => typed + (ctx.key === 'space' ? ' ' : ctx.key)) },
  { id: 'type-confirm-delete', scope: 'type-confirm', keys: ['backspace'], label: 'delete', dangerous: false, footer: false, help: 'Delete one character', run: (ctx) => editTyped(ctx, (typed) => typed.slice(0, -1)) },
  { id: 'type-confirm-clear', scope: 'type-confirm', keys: ['ctrl+u'], label: 'clear', dangerous: false, footer: false, help: 'Clear', run: (ctx) => editTyped(ctx, () => '') },
  {
    id: 'type-confirm-submit', scope: 'type-confirm', keys: ['enter'], label: 'confirm', dangerous: false, footer: true, help: 'Confirm (only once the name matches)',
    run: (ctx) => {
      const prompt = overlay(ctx, 'type-confirm');
      if (!prompt || prompt.typed !== prompt.expected) return;
      close(ctx);
      perform(prompt.action, ctx.actions);
    },
  },
  ...cancelKeys('type-confirm'),
];

function scrollDetail(ctx: KeyContext, delta: number): void {
  const detail = overlay(ctx, 'detail');
  if (detail) open(ctx, { ...detail, top: Math.max(0, Math.min(detail.lines.length - 1, detail.top + delta)) });
}

const DETAIL: readonly KeyBinding[] = [
  { id: 'detail-down', scope: 'detail', keys: ['j', 'down'], label: 'down', dangerous: false, footer: false, help: 'Scroll down', run: (ctx) => scrollDetail(ctx, 1) },
  { id: 'detail-up', scope: 'detail', keys: ['k', 'up'], label: 'up', dangerous: false, footer: false, help: 'Scroll up', run: (ctx) => scrollDetail(ctx, -1) },
  { id: 'detail-close', scope: 'detail', keys: ['enter', 'q'], label: 'close', dangerous: false, footer: true, help: 'Close', run: close },
  ...cancelKeys('detail'),
];

const HELP: readonly KeyBinding[] = [{ id: 'help-close', scope: 'help', keys: ['<any>'], label: 'close', dangerous: false, footer: true, help: 'Any key closes the help', run: close }];

export const MODAL_BINDINGS: readonly KeyBinding[] = [...SWARM, ...FILTER, ...SCENARIO, ...CONFIRM, ...TYPE_CONFIRM, ...DETAIL, ...HELP];
