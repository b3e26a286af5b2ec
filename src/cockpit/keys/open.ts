// Small helpers the bindings share: open a modal, ask before a pending action, or run it.
import { defaultField } from '../../state/text-field.js';
import type { Overlay, PendingAction } from '../../state/state.js';
import { perform } from '../actions.js';
import type { KeyBinding, KeyContext, Scope } from '../keymap.js';

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

type Of<K extends Overlay['kind']> = Extract<Overlay, { kind: K }>;

export function overlay<K extends Overlay['kind']>(ctx: KeyContext, kind: K): Of<K> | null {
  const current = ctx.state.ui.overlay;
  return current.kind === kind ? (current as Of<K>) : null;
}

/** Esc and Ctrl+C for a modal; `onInterrupt` when Ctrl+C does other than Esc (the filter's). */
export function cancelKeys(scope: Scope, onCancel: (ctx: KeyContext) => void = close, onInterrupt: (ctx: KeyContext) => void = onCancel): KeyBinding[] {
  return [
    { id: `${scope}-cancel`, scope, keys: ['escape'], label: 'cancel', dangerous: false, footer: true, help: 'Cancel', run: onCancel },
    {
      id: `${scope}-interrupt`, scope, keys: ['ctrl+c'], label: 'cancel', dangerous: false, footer: false, help: 'Cancel; a second Ctrl+C quits',
      run: (ctx) => {
        onInterrupt(ctx);
        ctx.dispatch({ type: 'ui/quit-armed', armed: true });
      },
    },
  ];
}
