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
import { SweepAbort, type CellRun, type CellRunner, type CellSpec } from './runner.js';

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

/**
 * The master's death in one line: its exit and its last ERROR line (the platform's cause carries
 * the tail of its log, INFO lines and all).
 */
export function masterGoneCause(fatal: string): string {
  const lines = fatal.split('\n').map((line) => line.trim()).filter(Boolean);
  const head = (lines[0] ?? 'the Locust master is gone').replace(/:\s*$/, '');
  const lastError = [...lines.slice(1)].reverse().find((line) => /\b(ERROR|CRITICAL|Error|Exception)\b/.test(line));
  return `master gone: ${head.split(': ')[0]}${lastError ? `: ${lastError.replace(/^\[[^\]]*\]\s*/, '').slice(0, 200)}` : ''}`;
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
  /** the workers the last scaleWorkers connected: a cell holds only while all of them are there */
  let expected = 0;
  const masterGone = (): void => {
    const fatal = store.getState().fatal;
    if (!fatal) return;
    swarming = false; // nothing left to stop
    throw new SweepAbort(masterGoneCause(fatal));
  };
  const aliveOnPlatform = (): number | null => {
    const workers = store.getState().platformWorkers;
    return workers.length ? workers.filter((worker) => worker.alive).length : null;
  };

  return {
    ...(scaleTarget ? { scaleTarget } : {}),
    async scaleWorkers(count, signal) {
      const result = await platform.scaleWorkers(count);
      store.dispatch({ type: 'platform/expected-workers', expectedWorkers: result.expectedWorkers });
      // exactly `count`, as the master sees them (the poller's snapshots): after a scale-down
      // the master must have let the leavers go, or it hands them users
      const since = Date.now();
      try {
        await waitFor(() => {
          masterGone();
          return (store.getState().locust?.at ?? 0) > since && liveWorkers() === count;
        }, { timeoutMs: options.workersTimeoutMs ?? 120_000, intervalMs: 250, what: `${count} workers to connect to the master`, signal });
      } catch (error) {
        if (!(error instanceof WaitTimeout)) throw error;
        const running = store.getState().platformWorkers.filter((worker) => worker.alive).length;
        throw new Error(`${error.message}: the master has ${liveWorkers()}, the platform runs ${running}`);
      }
      expected = count;
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
      /** why the hold was cut short: a worker gone (the master's count, or the platform's processes) */
      let lost = null as string | null;
      await waitFor(
        async () => {
          const state = store.getState();
          masterGone();
          const connected = liveWorkers();
          const alive = aliveOnPlatform();
          if (connected < expected || (alive !== null && alive < expected)) {
            lost = `worker lost during the hold after ${Math.round((Date.now() - started) / 1000)} s of ${spec.durationSeconds} s: ${Math.min(connected, alive ?? connected)} of ${expected} connected`;
            return true;
          }
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
      masterGone();
      if (lost) throw new Error(`${lost}; what was collected is in the cell's folder`);
      if (!saved) throw new Error(store.getState().fatal ?? 'no requests were made in this cell');
      const workers = saved.summary.workers;
      if (workers.connected < expected || workers.missing > 0) throw new Error(`${workers.connected} of ${expected} workers connected at the end of the hold (${workers.missing} missing); what was collected is in the cell's folder`);
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
