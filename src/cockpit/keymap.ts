// THE key table. Every key of every screen is one row here, holding its action (as k9s's
// KeyAction does): the one dispatcher runs it, and the footer, the `?` overlay, --readonly
// and the README's key table are all derived from it.
import type { Event } from '../state/events.js';
import type { State } from '../state/state.js';
import type { CockpitActions } from './actions.js';
import { LIST_BINDINGS } from './keys/lists.js';
import { MAIN_BINDINGS } from './keys/main.js';
import { MODAL_BINDINGS } from './keys/modals.js';
import { PROVISION_BINDINGS } from './keys/provision.js';

/** Where a key applies: the main screen or one of the modals that take the keys while open. */
export type Scope = 'main' | 'help' | 'swarm' | 'filter' | 'scenario' | 'confirm' | 'type-confirm' | 'detail';

export interface KeyContext {
  /** the state at this very key (a read can hold several keys; each sees the last one's effect) */
  readonly state: State;
  readonly key: string;
  readonly dispatch: (event: Event) => void;
  readonly actions: CockpitActions;
  readonly scenarios: readonly string[];
  /** rows the focused list (or the help) shows, for PgUp/PgDn */
  readonly page: number;
  /** the screen's columns, and the keys registered: what the help shows, to scroll it */
  readonly width: number;
  readonly keymap: readonly KeyBinding[];
}

export interface KeyBinding {
  readonly id: string;
  readonly scope: Scope;
  /**
   * What the user presses, as tokenize() names it (`enter`, `ctrl+c`, `pgdn`…); classes:
   * `<digit>` any digit, `<char>` any printable character, `<any>` any key at all.
   */
  readonly keys: readonly string[];
  /** short label for the footer */
  readonly label: string;
  /** one sentence for the help overlay and the README */
  readonly help: string;
  /** starts, stops or changes load or workers: --readonly never registers it */
  readonly dangerous: boolean;
  /** shown in the footer (the rest only in `?`) */
  readonly footer: boolean;
  /** bindings of one group share one footer entry, their keys joined: `+/- users` */
  readonly footerGroup?: string;
  /** when it asks first, and how (for `?` and the README) */
  readonly asks?: string;
  /** when it applies; keys that do not apply are ignored and greyed in help */
  readonly available?: (state: State) => boolean;
  run(ctx: KeyContext): void;
}

// the lifecycle's retry first: it applies only after a failure, and the footer keeps it then
export const KEYMAP: readonly KeyBinding[] = [...PROVISION_BINDINGS, ...MAIN_BINDINGS, ...LIST_BINDINGS, ...MODAL_BINDINGS];

/** The bindings a session registers: --readonly leaves out every dangerous one. */
export function activeKeymap(readonly: boolean): readonly KeyBinding[] {
  return readonly ? KEYMAP.filter((binding) => !binding.dangerous) : KEYMAP;
}

export function scopeOf(state: State): Scope {
  const kind = state.ui.overlay.kind;
  return kind === 'none' ? 'main' : kind;
}

function matches(pattern: string, key: string): boolean {
  if (pattern === key || pattern === '<any>') return true;
  const printable = [...key].length === 1;
  if (pattern === '<digit>') return /^[0-9]$/.test(key);
  if (pattern === '<char>') return printable || key === 'space';
  return false;
}

/** An exact key wins over a class (`<digit>`, `<char>`, `<any>`). */
export function bindingFor(keymap: readonly KeyBinding[], scope: Scope, key: string): KeyBinding | undefined {
  const inScope = keymap.filter((binding) => binding.scope === scope);
  return inScope.find((binding) => binding.keys.includes(key)) ?? inScope.find((binding) => binding.keys.some((pattern) => matches(pattern, key)));
}

export function inScope(keymap: readonly KeyBinding[], scope: Scope): KeyBinding[] {
  return keymap.filter((binding) => binding.scope === scope);
}
