// The keys of the infrastructure lifecycle after a run ended badly: R retries it (a provision at
// once, since its cost was agreed a moment ago; a destroy asks for the cluster name again), Esc
// hides the failed run's panel. And the deploy question `d` asks, fitted to the screen.
import type { State } from '../../state/state.js';
import { emptyField } from '../../state/text-field.js';
import type { KeyBinding } from '../keymap.js';
import { open } from './open.js';

/** No provision or destroy running: a second one would race the first for Terraform's state. */
export const infraIdle = (state: State): boolean => state.infraRun?.outcome !== 'running';

const ended = (state: State): boolean => state.infraRun !== null && (state.infraRun.outcome === 'failed' || state.infraRun.outcome === 'cancelled');

/** The box of a question and its " [y/N]" at 80 columns. */
const QUESTION_ROOM = 80 - 4 - 6;

/** `d`'s question: the stack, its cost and who may reach its API, shortened until it fits 80 columns. */
export function provisionQuestion(state: State): string {
  const name = state.confirmName ?? 'ltop';
  const estimate = state.infraEstimate;
  const shortEstimate = estimate?.replace(/ in [a-z0-9-]+$/, '') ?? null;
  // a stack known to be missing is created; one that may exist (its API did not answer) is
  // applied again: Terraform creates what is missing and changes what differs (the allow-list)
  const verb = state.infraMissing === true ? 'Create' : 'Create or update';
  const until = (cost: string | null, how: string): string => (cost ? `~${cost} until ${how}` : `billed until ${how}`);
  const forms = [
    [`${verb} EKS stack ${name}`, until(estimate, 'D destroys it'), state.infraTerms],
    [`${verb} EKS stack ${name}`, until(shortEstimate, 'D destroys it'), state.infraTerms],
    [`${verb} ${name}`, until(shortEstimate, 'D destroys it'), state.infraTerms],
    [`${verb} ${name}`, until(shortEstimate, 'D'), state.infraTerms],
  ].map((parts) => `${parts.filter(Boolean).join(', ')}?`);
  return forms.find((form) => form.length <= QUESTION_ROOM) ?? forms[forms.length - 1]!;
}

/** D's question: type the name of what goes. */
export function openDestroy(ctx: Parameters<KeyBinding['run']>[0]): void {
  open(ctx, { kind: 'type-confirm', question: `Destroy everything ltop deployed on ${ctx.state.where}?`, expected: ctx.state.confirmName ?? ctx.state.where, typed: emptyField().text, action: { kind: 'teardown' } });
}

export const PROVISION_BINDINGS: readonly KeyBinding[] = [
  {
    id: 'infra-retry', scope: 'main', keys: ['R'], label: 'retry', dangerous: true, footer: true, asks: 'a destroy: type the name', available: ended,
    help: 'After a failed or interrupted provision or destroy: run it again (Terraform carries on from its state)',
    run: (ctx) => (ctx.state.infraRun?.operation === 'destroy' ? openDestroy(ctx) : ctx.actions.provision()),
  },
  {
    id: 'infra-dismiss', scope: 'main', keys: ['escape'], label: 'hide', dangerous: false, footer: false, available: ended,
    help: 'Hide the failed provision or destroy (the status line keeps the cause)',
    run: (ctx) => ctx.dispatch({ type: 'ui/infra-dismiss' }),
  },
];
