// The CellRunner for every platform, on the session the cockpit and headless mode use: one
// platform and one master for the whole sweep. The platform scales the workers (local processes,
// the worker Deployment's scale subresource on kube and eks); the caller says how the target
// scales (the demo target's processes, or the named Deployments). The session's recorder saves
// each cell into its folder, scaling.csv and the scaling figures included when a target feed
// samples the timeline.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import pidusage from 'pidusage';
import type { Platform } from '../platforms/platform.js';
import type { Session } from '../session/session.js';
import type { Store } from '../state/store.js';
import { waitFor, WaitTimeout } from '../util/wait.js';
import type { CellRun, CellRunner, CellSpec } from './runner.js';

export interface SessionParts {
  readonly store: Store;
  readonly platform: Platform;
  readonly session: Session;
}

export interface SessionRunnerOptions {
  /** scale the target to `replicas` and resolve once they serve; absent: a cell with replicas fails with the reason */
  readonly scaleTarget?: (replicas: number, signal: AbortSignal) => Promise<void>;
  /** how long a cell waits for its workers to connect */
  readonly workersTimeoutMs?: number;
  /** checked once the platform is up, before any cell: a reason the sweep cannot run rejects */
  readonly preflight?: () => Promise<void>;
  /** called once the session has shut down (stop the target feed, remove the staging folder) */
  readonly onClose?: () => Promise<void>;
}

export interface SessionCellRunner extends CellRunner {
  close(): Promise<void>;
}

const SAMPLE_MS = 1000;
/** CPU is averaged over windows this long (Locust's own is 10 s): a one-second spike is not a bottleneck */
const CPU_WINDOW_MS = 5000;

/**
 * The workers' CPU from the OS, where they are local processes: Locust samples a worker's CPU
 * only every 10 s (CPU_MONITOR_INTERVAL in 2.47), so a short cell would otherwise never see it.
 */
async function processCpu(pids: readonly number[]): Promise<number | null> {
  if (!pids.length) return null;
  const stats = await pidusage([...pids]).catch(() => null);
  if (!stats) return null;
  return Math.max(...Object.values(stats).map((stat) => stat.cpu));
}

/** Start the session (deploy or attach) and return the runner; rejects with the platform's cause. */
export async function startSessionCellRunner(parts: SessionParts, options: SessionRunnerOptions = {}): Promise<SessionCellRunner> {
  const { store, platform, session } = parts;
  if (!(await session.start())) {
    await session.shutdown('detach').catch(() => undefined);
    await options.onClose?.();
    throw new Error(store.getState().fatal ?? `the ${platform.name} platform did not start`);
  }
  try {
    await options.preflight?.();
  } catch (error) {
    await session.shutdown('detach').catch(() => undefined);
    await options.onClose?.();
    throw error;
  }
  const liveWorkers = (): number => (store.getState().locust?.workers ?? []).filter((worker) => worker.state !== 'missing').length;
  const pids = (): number[] => store.getState().platformWorkers.filter((worker) => worker.alive && worker.pid).map((worker) => worker.pid!);
  const scaleTarget = options.scaleTarget;
  /** a cell's swarm ltop started and has not stopped: an interrupted sweep stops it before leaving */
  let swarming = false;

  return {
    ...(scaleTarget ? { scaleTarget } : {}),
    async scaleWorkers(count, signal) {
      const result = await platform.scaleWorkers(count);
      store.dispatch({ type: 'platform/expected-workers', expectedWorkers: result.expectedWorkers });
      // exactly `count`, as the master sees them (the poller's snapshots): after a scale-down
      // the master must have let the leavers go, or it hands them users
      const since = Date.now();
      try {
        await waitFor(() => (store.getState().locust?.at ?? 0) > since && liveWorkers() === count, { timeoutMs: options.workersTimeoutMs ?? 120_000, intervalMs: 250, what: `${count} workers to connect to the master`, signal });
      } catch (error) {
        if (!(error instanceof WaitTimeout)) throw error;
        const running = store.getState().platformWorkers.filter((worker) => worker.alive).length;
        throw new Error(`${error.message}: the master has ${liveWorkers()}, the platform runs ${running}`);
      }
    },
    async runCell(spec: CellSpec): Promise<CellRun> {
      // A new swarm from "stopped" starts with fresh stats. No run_time: Locust 2.47 stopping on
      // run_time while still spawning goes back to running, so ltop holds and stops the cell itself.
      const started = Date.now();
      swarming = true;
      if (!(await session.swarm(spec.users, spec.spawnRate))) throw new Error(store.getState().status?.message ?? 'the swarm did not start');
      let peakWorkerCpu: number | null = null;
      await processCpu(pids()); // the first reading only starts pidusage's clock
      let windowStart = Date.now();
      await waitFor(
        async () => {
          const state = store.getState();
          if (state.fatal) throw new Error(state.fatal);
          const over = Date.now() - started >= spec.durationSeconds * 1000;
          const readings = (state.locust?.workers ?? []).map((worker) => worker.cpuPercent);
          // the last window may be shorter: it still covers the end of the cell
          if (Date.now() - windowStart >= CPU_WINDOW_MS || (over && Date.now() - windowStart >= SAMPLE_MS)) {
            const fromOs = await processCpu(pids());
            if (fromOs !== null) readings.push(fromOs);
            windowStart = Date.now();
          }
          if (readings.length) peakWorkerCpu = Math.max(peakWorkerCpu ?? 0, ...readings);
          return over;
        },
        { timeoutMs: spec.durationSeconds * 1000 + 5000, intervalMs: SAMPLE_MS, what: `the ${spec.durationSeconds} s cell`, signal: spec.signal },
      );
      // the session's own stop: stop, wait for the workers' final report, then save straight
      // into the cell's folder
      await rm(spec.dir, { recursive: true, force: true });
      await mkdir(path.dirname(spec.dir), { recursive: true });
      const saved = await session.finishRun('end of run', spec.dir);
      swarming = false;
      if (!saved) throw new Error(store.getState().fatal ?? 'no requests were made in this cell');
      return { summary: saved.summary, peakWorkerCpu };
    },
    async close() {
      pidusage.clear();
      // a cluster's swarm outlives ltop, but nobody would hold or save an interrupted cell's:
      // the sweep's swarms are ltop's own, so it stops them (--resume runs the cell again)
      if (swarming) await session.stopSwarm();
      await session.shutdown('detach');
      await options.onClose?.();
    },
  };
}
