// A CellRunner on the local platform, through the existing Session (one master, one platform
// for the whole sweep). Kept small and in one file: the session's run plan is being reshaped, and
// this adapter is what moves onto it. --replicas needs `scaleTarget` (the demo target's
// multi-process mode: demoTargetAdmin(targetHost).setReplicas(n), from the target's branch).
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import pidusage from 'pidusage';
import { LocustClient } from '../locust/client.js';
import { LocalPlatform, type LocalOptions } from '../platforms/local/local-platform.js';
import type { ScenarioChoice } from '../platforms/platform.js';
import { scenarioLabel } from '../scenarios.js';
import { Session } from '../session/session.js';
import { initialState } from '../state/state.js';
import { createStore } from '../state/store.js';
import { waitFor } from '../util/wait.js';
import type { CellRun, CellRunner, CellSpec } from './runner.js';

export interface LocalCellRunnerOptions {
  readonly platform: Omit<LocalOptions, 'workers'>;
  readonly scenario: ScenarioChoice;
  /** where the session saves before a cell's folder is moved into place (inside the sweep's folder) */
  readonly stagingDir: string;
  readonly ltopVersion: string;
  /** the first cell's worker count: started with the master */
  readonly workers: number;
  readonly workersTimeoutMs?: number;
  /** scale the target to `replicas` and resolve once they serve; absent: --replicas is refused per cell */
  readonly scaleTarget?: (replicas: number, targetHost: string) => Promise<void>;
  /** how long the master may take to stop after the duration */
  readonly stopTimeoutMs?: number;
}

export interface LocalCellRunner extends CellRunner {
  readonly session: Session;
  close(): Promise<void>;
}

const SAMPLE_MS = 1000;
/** CPU is averaged over windows this long (Locust's own is 10 s): a one-second spike is not a bottleneck */
const CPU_WINDOW_MS = 5000;

/**
 * The workers' CPU, as Locust reports it and as the OS does: Locust samples a worker's CPU only
 * every 10 s (CPU_MONITOR_INTERVAL in 2.47), so a short cell would otherwise never see it.
 */
async function workerCpu(pids: readonly number[]): Promise<number | null> {
  if (!pids.length) return null;
  const stats = await pidusage([...pids]).catch(() => null);
  if (!stats) return null;
  return Math.max(...Object.values(stats).map((stat) => stat.cpu));
}

export async function startLocalCellRunner(options: LocalCellRunnerOptions): Promise<LocalCellRunner> {
  const store = createStore(initialState({ platform: 'local', where: 'local processes', scenario: scenarioLabel(options.scenario), targetHost: options.platform.host ?? '', expectedWorkers: options.workers, lastSwarm: { users: 1, spawnRate: 1 }, now: Date.now() }), 1);
  const platform = new LocalPlatform({ ...options.platform, workers: options.workers }, (event) => store.dispatch(event));
  const session = new Session({ platform, store, scenario: options.scenario, resultsRoot: options.stagingDir, ltopVersion: options.ltopVersion, ...(options.platform.host ? { targetHost: options.platform.host } : {}) });
  if (!(await session.start())) {
    await platform.detach();
    throw new Error(store.getState().fatal ?? 'the local platform did not start');
  }
  const client = (): LocustClient => {
    const url = store.getState().masterUrl;
    if (!url) throw new Error('the Locust master is not up');
    return new LocustClient(url);
  };
  const liveWorkers = async (): Promise<number> => ((await client().snapshot()).workers ?? []).filter((worker) => worker.state !== 'missing').length;

  const scaleTarget = options.scaleTarget;
  return {
    session,
    ...(scaleTarget ? { scaleTarget: (replicas: number) => scaleTarget(replicas, store.getState().targetHost) } : {}),
    async scaleWorkers(count, signal) {
      const result = await platform.scaleWorkers(count);
      store.dispatch({ type: 'session/expected-workers', expectedWorkers: result.expectedWorkers });
      // exactly `count`: after a scale-down the master must have let the leavers go, or it hands them users
      await waitFor(async () => (await liveWorkers().catch(() => -1)) === count, { timeoutMs: options.workersTimeoutMs ?? 60000, intervalMs: 250, what: `${count} workers to connect to the master`, signal });
    },
    async runCell(spec: CellSpec): Promise<CellRun> {
      // A new swarm from "stopped" starts with fresh stats. No run_time: Locust 2.47 stopping on
      // run_time while still spawning goes back to running, so ltop holds and stops the cell itself.
      const started = Date.now();
      if (!(await session.swarm(spec.users, spec.spawnRate))) throw new Error(store.getState().status?.message ?? 'the swarm did not start');
      let peakWorkerCpu: number | null = null;
      const pids = (): number[] => store.getState().platformWorkers.filter((worker) => worker.alive && worker.pid).map((worker) => worker.pid!);
      await workerCpu(pids()); // the first reading only starts pidusage's clock
      let windowStart = Date.now();
      await waitFor(
        async () => {
          const snapshot = await client().snapshot().catch(() => null);
          if (snapshot) store.dispatch({ type: 'locust/snapshot', snapshot });
          const over = Date.now() - started >= spec.durationSeconds * 1000;
          const readings = (snapshot?.workers ?? []).map((worker) => worker.cpuPercent);
          // the last window may be shorter: it still covers the end of the cell
          if (Date.now() - windowStart >= CPU_WINDOW_MS || (over && Date.now() - windowStart >= SAMPLE_MS)) {
            readings.push((await workerCpu(pids())) ?? 0);
            windowStart = Date.now();
          }
          peakWorkerCpu = Math.max(peakWorkerCpu ?? 0, ...readings);
          return over;
        },
        { timeoutMs: spec.durationSeconds * 1000 + 5000, intervalMs: SAMPLE_MS, what: `the ${spec.durationSeconds} s cell`, signal: spec.signal },
      );
      // the session's own stop: POST /stop, then wait for the workers' final report, then save
      // straight into the cell's folder
      await rm(spec.dir, { recursive: true, force: true });
      await mkdir(path.dirname(spec.dir), { recursive: true });
      const saved = await session.finishRun('end of run', spec.dir);
      if (!saved) throw new Error('no requests were made in this cell');
      return { summary: saved.summary, peakWorkerCpu };
    },
    async close() {
      pidusage.clear();
      await session.shutdown();
      store.close();
      await rm(options.stagingDir, { recursive: true, force: true });
    },
  };
}
