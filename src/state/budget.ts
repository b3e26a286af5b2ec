// The cost meter's figures into the state, and --budget's breach: the first snapshot that reaches
// the budget asks (once) whether to stop the test and tear down. Pure.
import type { CostSnapshot } from '../cost/snapshot.js';
import type { State } from './state.js';

export const BUDGET_QUESTION = 'budget reached: stop the test and tear down? Results are saved first.';

// a question the user is typing into (swarm, scenario, another confirm) is not taken away
const INTERRUPTIBLE = new Set(['none', 'help', 'detail', 'filter']);

export function budgetReached(state: State, snapshot: CostSnapshot): State {
  const breachNow = snapshot.budget?.level === 'breach' && state.cost?.budget?.level !== 'breach';
  if (!breachNow) return { ...state, cost: snapshot };
  const message = snapshot.budget!.message;
  const status = { at: state.now, level: 'error' as const, message };
  // nothing to tear down (or --readonly leaves no way to): the header and status say it
  if (state.confirmName === null || !INTERRUPTIBLE.has(state.ui.overlay.kind)) return { ...state, cost: snapshot, status };
  return { ...state, cost: snapshot, status, ui: { ...state.ui, overlay: { kind: 'confirm', question: BUDGET_QUESTION, action: { kind: 'teardown' } } } };
}
