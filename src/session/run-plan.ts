// One timed test, the same for headless mode, the cockpit's `ltop run` and the matrix: start,
// wait for workers, swarm, hold, stop, settle, save. Locust's own run_time ends the swarm
// even if ltop is gone; ltop's hold only watches for that, the end of the time, or an abort.
import type { SavedResults } from '../report/results.js';
import type { RunSummary, SaveReason } from '../report/summary.js';
import { phase } from '../state/selectors.js';
import type { Store } from '../state/store.js';
import { LOCUST_CACHE_MS } from './poller.js';
import { waitFor, WaitTimeout } from '../util/wait.js';
import type { Session } from './session.js';

/** One cell of a run: what to swarm and for how long. */
export interface RunCell {
  readonly users: number;
  readonly spawnRate: number;
  readonly durationSeconds: number;
  /** save into this folder instead of a new timestamped one under the results root */
  readonly dir?: string;
}

export interface RunPlan extends RunCell {
  /** how many workers must have connected before the swarm; 0 skips the wait */
  readonly expectedWorkers: number;
  readonly workersTimeoutMs?: number;
  /** a signal (SIGTERM, SIGHUP) aborts the hold; the results are still saved */
  readonly signal?: AbortSignal;
  /** one line when the swarm starts */
  readonly onSwarming?: (line: string) => void;
  /** what an abort is recorded as in summary.json (a --check-abort or --budget stop is no signal) */
  readonly abortReason?: () => SaveReason;
}

export type RunEnd = 'duration' | 'master stopped' | 'aborted' | 'master lost' | 'failed';

export interface RunOutcome {
  readonly end: RunEnd;
  readonly saved: SavedResults | null;
  /** why the run failed, when end is 'failed' */
  readonly error?: string;
}

const WORKERS_TIMEOUT_MS = 60000;
/** how long past its run_time the master may take to stop by itself before ltop stops it */
const RUN_TIME_GRACE_MS = 3000;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Hold until the master ends the swarm, the time is up, ltop loses the master, or an abort. */
async function hold(store: Store, durationSeconds: number, signal?: AbortSignal): Promise<RunEnd> {
  // "stopped" counts only once it is about this swarm: attached to a master whose last test
  // ended, the first snapshots after the swarm (Locust caches them 2 s) still say stopped
  const since = Date.now();
  let seenRunning = false;
  try {
    return await waitFor<RunEnd>(
      () => {
        const state = store.getState();
        if (state.fatal) return 'master lost';
        const current = phase(state);
        if (current === 'running' || current === 'spawning') seenRunning = true;
        const fresh = (state.locust?.at ?? 0) > since + LOCUST_CACHE_MS;
        return current === 'stopped' && (seenRunning || fresh) ? 'master stopped' : null;
      },
      { timeoutMs: durationSeconds * 1000 + RUN_TIME_GRACE_MS, intervalMs: 250, what: 'the end of the run', ...(signal ? { signal } : {}) },
    );
  } catch (error) {
    if (error instanceof WaitTimeout) return 'duration';
    if (signal?.aborted) return 'aborted';
    throw error;
  }
}

/**
 * Run one cell on a session that is already started: its own statistics (a reset, or a fresh
 * swarm), swarm, hold, stop, settle, save. The matrix calls this once per cell.
 */
export async function runCell(session: Session, store: Store, cell: RunCell, signal?: AbortSignal, abortReason: () => SaveReason = () => 'signal'): Promise<RunOutcome> {
  if (!(await session.swarm(cell.users, cell.spawnRate, cell.durationSeconds))) {
    return { end: 'failed', saved: null, error: store.getState().status?.message ?? 'could not start the swarm' };
  }
  const end = await hold(store, cell.durationSeconds, signal);
  const saved = await session.finishRun(end === 'aborted' ? abortReason() : 'end of run', cell.dir);
  return { end, saved };
}

/** The whole plan: start the platform, wait for its workers, then one cell. */
export async function runPlan(session: Session, store: Store, plan: RunPlan): Promise<RunOutcome> {
  if (!(await session.start())) return { end: 'failed', saved: null, error: store.getState().fatal ?? 'the platform did not start' };
  // an abort before the swarm (a signal, --budget reached while workers connect) swarms nothing
  if (plan.signal?.aborted) return { end: 'aborted', saved: null };
  try {
    if (plan.expectedWorkers > 0) await session.waitForWorkers(plan.workersTimeoutMs ?? WORKERS_TIMEOUT_MS, undefined, plan.signal);
  } catch (error) {
    if (plan.signal?.aborted) return { end: 'aborted', saved: null };
    return { end: 'failed', saved: null, error: describe(error) };
  }
  plan.onSwarming?.(`ltop: swarming ${plan.users} users at ${plan.spawnRate}/s for ${plan.durationSeconds}s (${plan.expectedWorkers} workers)`);
  return runCell(session, store, plan, plan.signal, plan.abortReason);
}

/** The summary a cell produced, for callers that need only that (the matrix's CellRunner). */
export function cellSummary(outcome: RunOutcome): RunSummary | null {
  return outcome.saved?.summary ?? null;
}
