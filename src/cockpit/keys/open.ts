// Small helpers the bindings share: open a modal, ask before a pending action, or run it.
import { defaultField } from '../../state/text-field.js';
import type { Overlay, PendingAction } from '../../state/state.js';
import { perform } from '../actions.js';
import type { KeyContext } from '../keymap.js';

export function open(ctx: KeyContext, overlay: Overlay): void {
  ctx.dispatch({ type: 'ui/overlay', overlay });
}

export function close(ctx: KeyContext): void {
  open(ctx, { kind: 'none' });
}

/** Ask `question` [y/N] before `action`, or run it now when there is nothing to ask. */
export function confirmThen(ctx: KeyContext, question: string | null, action: PendingAction): void {
  if (question) open(ctx, { kind: 'confirm', question, action });
  else perform(action, ctx.actions);
}

export function swarmPrompt(users: number, spawnRate: number): Overlay {
  return { kind: 'swarm', users: defaultField(String(users)), rate: defaultField(String(spawnRate)), field: 'users', problem: null };
}
