// The cost meter as a platform's event source: startCostTicker's snapshots become `cost/snapshot`
// events, its failures and budget steps notices. The kube platform feeds it from the cluster's
// nodes; the eks platform calls it with collectRunningResources bound to its stack.
import type { EmitPlatformEvent } from '../domain/platform-vocabulary.js';
import { type CostTicker, type CostTickerOptions, startCostTicker } from './ticker.js';

export type CostFeedOptions = Omit<CostTickerOptions, 'onSnapshot' | 'onError' | 'onBudgetLevel'> & {
  /** what the figure is for, in a notice: "the cluster's nodes", "stack ltop-dev" */
  readonly what: string;
};

export function startCostFeed(o: CostFeedOptions, emit: EmitPlatformEvent): CostTicker {
  let failing = false;
  return startCostTicker({
    ...o,
    onSnapshot: (snapshot) => {
      failing = false;
      emit({ type: 'cost/snapshot', snapshot });
    },
    // a read that fails keeps the last figures; said once per run of failures, not every minute
    onError: (err) => {
      if (failing) return;
      failing = true;
      emit({ type: 'platform/notice', level: 'warn', message: `cost meter: cannot read ${o.what}: ${err instanceof Error ? err.message : String(err)} (the last figures stay)` });
    },
    onBudgetLevel: (level, s) => {
      if (level !== 'ok' && s.budget) emit({ type: 'platform/notice', level: level === 'breach' ? 'error' : 'warn', message: s.budget.message });
    },
  });
}
