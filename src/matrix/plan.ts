// The cells of a sweep: replicas x workers x users, in the order they run. Pure.
// Users grow innermost, so each (replicas, workers) series climbs the load step by step (the
// knee is read off that climb) and the target and workers are rescaled as seldom as possible.
import { parseDuration, UsageError } from '../cli/parse.js';
import { parseWhole } from '../domain/numbers.js';

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
    // the project's one whole-number rule: no precision lost to a number too large
    const numbers = parts.map((part) => {
      const parsed = parseWhole(part, flag, 0);
      if (!parsed.ok) throw new UsageError(parsed.message);
      return parsed.value;
    });
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

/** a cell longer than a day is a typo, not a measurement */
const MAX_CELL_SECONDS = 24 * 3600;

export function validatePlan(plan: MatrixPlan): MatrixPlan {
  if (!plan.workers.length) throw new UsageError('ltop matrix needs --workers, e.g. --workers 4,8');
  if (!plan.users.length) throw new UsageError('ltop matrix needs --users, e.g. --users 200,400,800');
  if (plan.durationSeconds <= 0) throw new UsageError('--duration must be above 0');
  if (plan.durationSeconds > MAX_CELL_SECONDS) throw new UsageError(`--duration is per cell: at most 24h (got ${plan.durationSeconds} s)`);
  if (plan.cooldownSeconds > MAX_CELL_SECONDS) throw new UsageError(`--cooldown is at most 24h (got ${plan.cooldownSeconds} s)`);
  if (plan.cooldownSeconds < 0) throw new UsageError('--cooldown cannot be negative');
  // the knee is read along rising users: keep them ascending whatever order they came in
  return { ...plan, users: [...plan.users].sort((a, b) => a - b) };
}
