// The cells of a sweep: replicas x workers x users, in the order they run. Pure.
// Users grow innermost, so each (replicas, workers) series climbs the load step by step (the
// knee is read off that climb) and the target and workers are rescaled as seldom as possible.
import { parseDuration, UsageError } from '../cli/parse.js';

export interface MatrixPlan {
  /** absent: no target to scale (the sweep is workers x users) */
  readonly replicas: readonly number[] | null;
  readonly workers: readonly number[];
  readonly users: readonly number[];
  readonly durationSeconds: number;
  readonly cooldownSeconds: number;
  /** users started per second; absent: all at once (spawn rate = users) */
  readonly spawnRate: number | null;
}

export interface Cell {
  /** 0-based position in the sweep */
  readonly index: number;
  readonly replicas: number | null;
  readonly workers: number;
  readonly users: number;
  readonly spawnRate: number;
  /** folder name and resume key: r2-w4-u200, or w4-u200 without replicas */
  readonly key: string;
}

export function cellKey(replicas: number | null, workers: number, users: number): string {
  return `${replicas === null ? '' : `r${replicas}-`}w${workers}-u${users}`;
}

export function planCells(plan: MatrixPlan): Cell[] {
  const cells: Cell[] = [];
  for (const replicas of plan.replicas ?? [null]) {
    for (const workers of plan.workers) {
      for (const users of plan.users) {
        cells.push({ index: cells.length, replicas, workers, users, spawnRate: plan.spawnRate ?? users, key: cellKey(replicas, workers, users) });
      }
    }
  }
  return cells;
}

/** "1,2,4" -> [1, 2, 4]: whole numbers >= min, no repeats, kept in the order given (sorted ascending for users). */
export function parseList(flag: string, min = 1): (value: string) => number[] {
  return (value) => {
    const parts = value.split(',').map((part) => part.trim());
    if (parts.some((part) => !/^\d+$/.test(part))) throw new UsageError(`${flag} must be a comma-separated list of whole numbers like 1,2,4 (got "${value}")`);
    const numbers = parts.map(Number);
    const low = numbers.find((number) => number < min);
    if (low !== undefined) throw new UsageError(`${flag} values must be at least ${min} (got ${low})`);
    if (new Set(numbers).size !== numbers.length) throw new UsageError(`${flag} lists a value twice (got "${value}")`);
    return numbers;
  };
}

/** --cooldown: a duration like 15s, or 0 for none (--duration's parser refuses 0) */
export function parseCooldown(flag: string): (value: string) => number {
  const duration = parseDuration(flag);
  return (value) => (/^\s*0+\s*[hms]?\s*$/i.test(value) ? 0 : duration(value));
}

export function validatePlan(plan: MatrixPlan): MatrixPlan {
  if (!plan.workers.length) throw new UsageError('ltop matrix needs --workers, e.g. --workers 4,8');
  if (!plan.users.length) throw new UsageError('ltop matrix needs --users, e.g. --users 200,400,800');
  if (plan.durationSeconds <= 0) throw new UsageError('--duration must be above 0');
  if (plan.cooldownSeconds < 0) throw new UsageError('--cooldown cannot be negative');
  // the knee is read along rising users: keep them ascending whatever order they came in
  return { ...plan, users: [...plan.users].sort((a, b) => a - b) };
}
