// A CellRunner double for sweep tests: a target that serves `capacity` rps per replica, with p95
// flat until it saturates and then climbing; failures on demand; every call recorded.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CellRunner, CellSpec } from '../../src/matrix/runner.js';
import type { RunSummary } from '../../src/report/summary.js';
import { realSummary } from '../checks/summary-fixture.js';

export interface FakeOptions {
  readonly capacityPerReplica?: number;
  /** rps one user makes when the target keeps up */
  readonly rpsPerUser?: number;
  readonly failTarget?: (replicas: number) => string | null;
  readonly failWorkers?: (workers: number) => string | null;
  readonly failRun?: (spec: CellSpec, workers: number) => string | null;
  readonly cpu?: (workers: number, users: number) => number;
  /** called as a cell runs, before it returns: a test may abort here */
  readonly during?: (spec: CellSpec, calls: readonly string[]) => void;
}

export function modelSummary(users: number, replicas: number, options: FakeOptions = {}): RunSummary {
  const capacity = (options.capacityPerReplica ?? 100) * replicas;
  const wanted = users * (options.rpsPerUser ?? 2);
  const rps = Math.min(wanted, capacity);
  // queueing: flat 20 ms until saturated, then rising with the excess demand
  const p95 = 20 + Math.max(0, wanted - capacity) * 2;
  const base = realSummary({ durationSeconds: 10 });
  return { ...base, users, totals: { ...base.totals, rps, p50Ms: p95 / 2, p95Ms: p95, p99Ms: p95 * 1.2, requests: rps * 10, failures: Math.round(rps * 10 * 0.01), failureRatio: 0.01 } };
}

export function fakeRunner(options: FakeOptions = {}, withTarget = true): CellRunner & { calls: string[] } {
  const calls: string[] = [];
  let replicas = 1;
  let workers = 0;
  const runner: CellRunner & { calls: string[] } = {
    calls,
    async scaleWorkers(count) {
      calls.push(`workers ${count}`);
      const failure = options.failWorkers?.(count);
      if (failure) throw new Error(failure);
      workers = count;
    },
    async runCell(spec) {
      calls.push(`run ${spec.users}@${spec.spawnRate} ${spec.durationSeconds}s -> ${path.basename(spec.dir)}`);
      options.during?.(spec, calls);
      spec.signal.throwIfAborted();
      const failure = options.failRun?.(spec, workers);
      if (failure) throw new Error(failure);
      const summary = modelSummary(spec.users, replicas, options);
      mkdirSync(spec.dir, { recursive: true });
      writeFileSync(path.join(spec.dir, 'summary.json'), JSON.stringify(summary));
      return { summary, peakWorkerCpu: options.cpu?.(workers, spec.users) ?? 30 };
    },
  };
  if (withTarget) {
    return Object.assign(runner, {
      scaleTarget: async (count: number) => {
        calls.push(`target ${count}`);
        const failure = options.failTarget?.(count);
        if (failure) throw new Error(failure);
        replicas = count;
      },
    });
  }
  return runner;
}
