// The cost source for the session: re-reads what runs (and spot prices) at a bounded rate,
// recomputes the header's snapshot more often (spent grows between reads), keeps the last good
// resources when a read fails (the cause is reported, the meter never blanks), and tells the
// budget's level changes once each (ok -> warning -> breach).

import type { BudgetLevel, RunningResources } from './meter.js';
import type { PriceTable, SpotPrices } from './prices.js';
import { type CostSnapshot, costSnapshot } from './snapshot.js';

export interface CostTickerOptions {
  /** what runs now (e.g. collectRunningResources bound to the stack) */
  readonly collect: (signal: AbortSignal) => Promise<RunningResources>;
  readonly spot?: (signal: AbortSignal) => Promise<SpotPrices | undefined>;
  readonly prices: PriceTable;
  /** between reads of AWS (default 60 s) */
  readonly collectEveryMs?: number;
  /** between snapshots (default 5 s) */
  readonly snapshotEveryMs?: number;
  readonly budget?: number;
  readonly plannedEnd?: number;
  /** the swarm's bytes so far, when it started, and whether its target is outside the VPC */
  readonly swarm?: () => { bytes: number; startedAt?: number; targetOutsideVpc: boolean } | undefined;
  readonly onSnapshot: (s: CostSnapshot) => void;
  readonly onError?: (err: unknown) => void;
  readonly onBudgetLevel?: (level: BudgetLevel, s: CostSnapshot) => void;
  readonly now?: () => number;
}

export interface CostTicker {
  /** read AWS again now (e.g. after a scale) */
  refresh(): Promise<void>;
  stop(): void;
}

export function startCostTicker(o: CostTickerOptions): CostTicker {
  const ac = new AbortController();
  const now = o.now ?? Date.now;
  let resources: RunningResources | undefined;
  let spot: SpotPrices | undefined;
  let level: BudgetLevel = 'ok';
  let reading: Promise<void> | undefined;

  const snapshot = (): void => {
    if (!resources || ac.signal.aborted) return;
    const swarm = o.swarm?.();
    const s = costSnapshot({
      resources,
      prices: o.prices,
      now: now(),
      ...(spot ? { spot } : {}),
      ...(o.plannedEnd !== undefined ? { plannedEnd: o.plannedEnd } : {}),
      ...(o.budget !== undefined ? { budget: o.budget } : {}),
      ...(swarm ? { swarmBytes: swarm.bytes, targetOutsideVpc: swarm.targetOutsideVpc, ...(swarm.startedAt !== undefined ? { swarmStartedAt: swarm.startedAt } : {}) } : {}),
    });
    o.onSnapshot(s);
    if (s.budget && s.budget.level !== level) {
      level = s.budget.level;
      o.onBudgetLevel?.(level, s);
    }
  };

  const read = (): Promise<void> => {
    // one read at a time: a slow AWS skips ticks rather than piling requests up
    reading ??= (async () => {
      try {
        const [r, sp] = await Promise.all([o.collect(ac.signal), o.spot?.(ac.signal).catch((err: unknown) => (o.onError?.(err), spot))]);
        resources = r;
        spot = sp ?? spot;
      } catch (err) {
        if (!ac.signal.aborted) o.onError?.(err);
      } finally {
        reading = undefined;
      }
      snapshot();
    })();
    return reading;
  };

  void read();
  const collectTimer = setInterval(() => void read(), o.collectEveryMs ?? 60_000);
  const snapTimer = setInterval(snapshot, o.snapshotEveryMs ?? 5_000);
  collectTimer.unref();
  snapTimer.unref();
  return {
    refresh: read,
    stop() {
      ac.abort();
      clearInterval(collectTimer);
      clearInterval(snapTimer);
    },
  };
}
