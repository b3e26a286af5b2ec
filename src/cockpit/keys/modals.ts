// The modals' keys, in the same table as the main screen's: while one is open it has the keys.
// Ctrl+C cancels any of them (and arms the next Ctrl+C to quit at once).
import { isSwarmActive } from '../../state/selectors.js';
import type { TextField } from '../../state/state.js';
import { clearField, deleteChar, typeChar, withoutLastChar } from '../../state/text-field.js';
import { perform } from '../actions.js';
import type { KeyBinding, KeyContext } from '../keymap.js';
import { helpLines, helpTextWidth, helpTop } from '../help-lines.js';
import { cancelKeys, close, confirmThen, open, overlay } from './open.js';
import { SWARM_BINDINGS } from './swarm-prompt.js';

function editFilter(ctx: KeyContext, edit: (field: TextField) => TextField): void {
  const prompt = overlay(ctx, 'filter');
  if (!prompt) return;
  const field = edit(prompt.field);
  open(ctx, { ...prompt, field });
  if (prompt.target === 'logs') {
    ctx.dispatch({ type: 'ui/log-filter', filter: field.text });
    return;
  }
  ctx.dispatch({ type: 'ui/filter', filter: field.text });
  ctx.dispatch({ type: 'ui/cursor', list: 'endpoints', index: null });
}

/** Leave the filter prompt with the filter set to `value` (of the prompt as it stands). */
const leaveFilter =
  (value: (before: string) => string) =>
  (ctx: KeyContext): void => {
    const prompt = overlay(ctx, 'filter');
    const filter = value(prompt?.before ?? '');
    ctx.dispatch(prompt?.target === 'logs' ? { type: 'ui/log-filter', filter } : { type: 'ui/filter', filter });
    close(ctx);
  };

/** Esc clears the filter (k9s); Ctrl+C undoes the edit, and the filter kept before it stays. */
const clearFilter = leaveFilter(() => '');
const restoreFilter = leaveFilter((before) => before);

const FILTER: readonly KeyBinding[] = [
  { id: 'filter-type', scope: 'filter', keys: ['<char>'], label: 'type', dangerous: false, footer: false, help: 'The table (or the Logs panel) narrows as you type', run: (ctx) => editFilter(ctx, (field) => typeChar(field, ctx.key === 'space' ? ' ' : ctx.key)) },
  { id: 'filter-delete', scope: 'filter', keys: ['backspace'], label: 'delete', dangerous: false, footer: false, help: 'Delete one character', run: (ctx) => editFilter(ctx, deleteChar) },
  { id: 'filter-clear', scope: 'filter', keys: ['ctrl+u'], label: 'clear', dangerous: false, footer: false, help: 'Clear the filter text', run: (ctx) => editFilter(ctx, clearField) },
  { id: 'filter-keep', scope: 'filter', keys: ['enter'], label: 'keep', dangerous: false, footer: true, help: 'Keep the filter', run: close },
  ...cancelKeys('filter', clearFilter, restoreFilter).map((binding) =>
    binding.id === 'filter-cancel' ? { ...binding, label: 'clear', help: 'Clear the filter' } : { ...binding, help: 'Cancel the edit (the filter stays as it was); a second Ctrl+C quits' },
  ),
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
      // the scenario already running: nothing to switch, and nothing to stop
      if (name === ctx.state.scenario) return;
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
  if (prompt) open(ctx, { ...prompt, typed: edit(prompt.typed), mismatch: false });
}

const TYPE_CONFIRM: readonly KeyBinding[] = [
  { id: 'type-confirm-type', scope: 'type-confirm', keys: ['<char>'], label: 'type', dangerous: false, footer: false, help: 'Type the name', run: (ctx) => editTyped(ctx, (typed) => typed + (ctx.key === 'space' ? ' ' : ctx.key)) },
  { id: 'type-confirm-delete', scope: 'type-confirm', keys: ['backspace'], label: 'delete', dangerous: false, footer: false, help: 'Delete one character', run: (ctx) => editTyped(ctx, withoutLastChar) },
  { id: 'type-confirm-clear', scope: 'type-confirm', keys: ['ctrl+u'], label: 'clear', dangerous: false, footer: false, help: 'Clear', run: (ctx) => editTyped(ctx, () => '') },
  {
    id: 'type-confirm-submit', scope: 'type-confirm', keys: ['enter'], label: 'confirm', dangerous: false, footer: true, help: 'Confirm (only once the name matches)',
    run: (ctx) => {
      const prompt = overlay(ctx, 'type-confirm');
      if (!prompt) return;
      // a wrong name destroys nothing, and says so: the prompt stays for a correction
      if (prompt.typed !== prompt.expected) return open(ctx, { ...prompt, mismatch: true });
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

/** The help's first line, moved: never before the first, never past the last full page. */
function scrollHelp(ctx: KeyContext, to: (top: number, page: number) => number): void {
  const help = overlay(ctx, 'help');
  if (!help) return;
  const lines = helpLines(ctx.keymap, ctx.state, helpTextWidth(ctx.width)).length;
  open(ctx, { kind: 'help', top: helpTop(lines, ctx.page, to(helpTop(lines, ctx.page, help.top ?? 0), ctx.page)) });
}

const HELP: readonly KeyBinding[] = [
  { id: 'help-down', scope: 'help', keys: ['j', 'down'], label: 'scroll', dangerous: false, footer: true, help: 'Scroll down', run: (ctx) => scrollHelp(ctx, (top) => top + 1) },
  { id: 'help-up', scope: 'help', keys: ['k', 'up'], label: 'up', dangerous: false, footer: false, help: 'Scroll up', run: (ctx) => scrollHelp(ctx, (top) => top - 1) },
  { id: 'help-page-down', scope: 'help', keys: ['pgdn', 'space'], label: 'page', dangerous: false, footer: false, help: 'One screen down', run: (ctx) => scrollHelp(ctx, (top, page) => top + page) },
  { id: 'help-page-up', scope: 'help', keys: ['pgup'], label: 'page up', dangerous: false, footer: false, help: 'One screen up', run: (ctx) => scrollHelp(ctx, (top, page) => top - page) },
  { id: 'help-first', scope: 'help', keys: ['g', 'home'], label: 'top', dangerous: false, footer: false, help: 'The first key', run: (ctx) => scrollHelp(ctx, () => 0) },
  { id: 'help-last', scope: 'help', keys: ['G', 'end'], label: 'end', dangerous: false, footer: false, help: 'The last key', run: (ctx) => scrollHelp(ctx, () => Number.MAX_SAFE_INTEGER) },
  { id: 'help-close', scope: 'help', keys: ['<any>'], label: 'close', dangerous: false, footer: true, help: 'Any other key closes the help', run: close },
];

export const MODAL_BINDINGS: readonly KeyBinding[] = [...SWARM_BINDINGS, ...FILTER, ...SCENARIO, ...CONFIRM, ...TYPE_CONFIRM, ...DETAIL, ...HELP];
