// The one key dispatcher: every key of every read goes through here, in order, to the binding
// of the scope open at that moment (the main screen or a modal).
import type { Key } from 'ink';
import type { Store } from '../state/store.js';
import type { CockpitActions } from './actions.js';
import { bindingFor, scopeOf, type KeyBinding } from './keymap.js';
import { tokenize } from './keys/tokenize.js';

export interface DispatcherDeps {
  readonly store: Store;
  readonly keymap: readonly KeyBinding[];
  readonly actions: CockpitActions;
  readonly scenarios: readonly string[];
  /** rows the focused list (or the help) shows now */
  readonly page: () => number;
  /** the screen's columns now */
  readonly width: () => number;
}

export function pressKey(deps: DispatcherDeps, key: string): void {
  const state = deps.store.getState();
  if (key !== 'ctrl+c' && state.ui.quitArmed) deps.store.dispatch({ type: 'ui/quit-armed', armed: false });
  const current = deps.store.getState();
  const binding = bindingFor(deps.keymap, scopeOf(current), key);
  if (!binding || !(binding.available?.(current) ?? true)) return;
  binding.run({ state: current, key, dispatch: deps.store.dispatch, actions: deps.actions, scenarios: deps.scenarios, page: deps.page(), width: deps.width(), keymap: deps.keymap });
}

/** One read of stdin: each key it holds acts, in order, on the state the previous one left. */
export function pressInput(deps: DispatcherDeps, input: string, key: Key): void {
  for (const name of tokenize(input, key)) pressKey(deps, name);
}
