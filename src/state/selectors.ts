// Derived views of the state. Pure; panels call these and never compute on their own.
import type { EndpointStats, LocustWorker } from '../locust/snapshot.js';
import type { WorkerUnit } from '../domain/platform-vocabulary.js';
import type { HistoryPoint, Phase, SortColumn, State } from './state.js';

export function phase(state: State): Phase {
  if (state.fatal) return state.infraMissing === true ? 'undeployed' : 'error';
  const locust = state.locust;
  if (!locust || state.masterUrl === null) return 'starting';
  // The master does not answer: whatever it last said (RUNNING) is no longer known to be true.
  if (state.locustError !== null) return 'error';
  switch (locust.state) {
    case 'ready':
      return 'ready';
    case 'spawning':
      return 'spawning';
    case 'running':
      return 'running';
    case 'missing':
    case 'unknown':
      return 'error';
    default:
      return 'stopped';
  }
}

export function isSwarmActive(state: State): boolean {
  const current = phase(state);
  return current === 'running' || current === 'spawning';
}

export function elapsedMs(state: State): number {
  if (state.swarmStartedAt === null) return 0;
  // with the master unreachable the clock stops at the last moment it answered
  const end = state.swarmEndedAt ?? (state.locustError !== null && state.locust ? state.locust.at : state.now);
  return Math.max(0, end - state.swarmStartedAt);
}

/** The master does not answer, or is gone: what it would say of its workers is not known. */
export function workersUnknown(state: State): boolean {
  return state.locustError !== null || state.locust?.state === 'missing';
}

export function connectedWorkers(state: State): number {
  return (state.locust?.workers ?? []).filter((worker) => worker.state !== 'missing').length;
}

const SORT_KEY: Record<SortColumn, (row: EndpointStats) => number | string> = {
  name: (row) => row.name,
  requests: (row) => row.requests,
  failures: (row) => row.failures,
  rps: (row) => row.currentRps,
  p50: (row) => row.p50 ?? -1,
  p95: (row) => row.p95 ?? -1,
  p99: (row) => row.p99 ?? -1,
  max: (row) => row.max,
};

export const SORT_ORDER: readonly SortColumn[] = ['requests', 'failures', 'rps', 'p50', 'p95', 'p99', 'max', 'name'];

/** Endpoints filtered by the `/` text and sorted; the Aggregated row is not among them. */
export function visibleEndpoints(state: State): EndpointStats[] {
  const rows = state.locust?.endpoints ?? [];
  const needle = state.ui.filter.trim().toLowerCase();
  const filtered = needle ? rows.filter((row) => row.name.toLowerCase().includes(needle)) : rows.slice();
  const key = SORT_KEY[state.ui.sort.column];
  const direction = state.ui.sort.descending ? -1 : 1;
  return filtered.sort((a, b) => {
    const left = key(a);
    const right = key(b);
    const order = left < right ? -1 : left > right ? 1 : 0;
    return order * direction || a.name.localeCompare(b.name);
  });
}

export interface WorkerRow {
  readonly id: string;
  readonly locustState: string;
  readonly users: number | null;
  readonly cpuPercent: number | null;
  readonly memoryBytes: number | null;
  readonly pid: number | null;
  readonly alive: boolean | null;
  readonly restarts: number | null;
  readonly phase: string;
  readonly node: string | null;
  readonly startedAt: number | null;
}

/** A live process has memory: 0 B means Locust has no heartbeat from the worker yet. */
function measuredYet(worker: LocustWorker): boolean {
  return worker.memoryBytes > 0;
}

/**
 * One row per worker, joining what the platform sees (process/pod) with what Locust sees.
 * They are joined on Locust's id when the platform learnt it; otherwise they stand as separate rows.
 * A worker that is gone (its process dead, or Locust calls it missing) shows no users, CPU or
 * memory: Locust keeps its last report, and those figures are no longer true. Nor does a worker
 * that has not sent its first heartbeat yet (Locust says 0 B of memory: not measured, not idle).
 */
export function workerRows(state: State): WorkerRow[] {
  const locustWorkers = state.locust?.workers ?? [];
  const byLocustId = new Map<string, LocustWorker>(locustWorkers.map((worker) => [worker.id, worker]));
  const joined = new Set<string>();
  const rows: WorkerRow[] = state.platformWorkers.map((unit: WorkerUnit) => {
    const locust = unit.locustId ? byLocustId.get(unit.locustId) : undefined;
    if (locust) joined.add(locust.id);
    const figures = locust && unit.alive && locust.state !== 'missing' ? locust : null;
    const measured = figures !== null && measuredYet(figures);
    return {
      id: unit.id,
      locustState: locust ? locust.state : unit.alive ? 'connecting' : 'gone',
      users: figures?.users ?? null,
      cpuPercent: measured ? figures.cpuPercent : null,
      memoryBytes: measured ? figures.memoryBytes : null,
      pid: unit.pid ?? null,
      alive: unit.alive,
      restarts: unit.restarts,
      phase: unit.phase,
      node: unit.node ?? null,
      startedAt: unit.startedAt ?? null,
    };
  });
  for (const worker of locustWorkers) {
    if (joined.has(worker.id)) continue;
    const live = worker.state !== 'missing';
    const measured = live && measuredYet(worker);
    rows.push({
      id: worker.id,
      locustState: worker.state,
      users: live ? worker.users : null,
      cpuPercent: measured ? worker.cpuPercent : null,
      memoryBytes: measured ? worker.memoryBytes : null,
      pid: null,
      alive: null,
      restarts: null,
      phase: '',
      node: null,
      startedAt: null,
    });
  }
  // what the master said of its workers is no longer known (the header's ?/N)
  if (workersUnknown(state)) return rows.map((row) => ({ ...row, locustState: 'unknown', users: null, cpuPercent: null, memoryBytes: null }));
  return rows;
}

export type SeriesKey = 'rps' | 'failPerSec' | 'p50' | 'p95' | 'users';

/** The newest `points` values of one history series (what fits in a chart of that width). */
export function series(history: readonly HistoryPoint[], key: SeriesKey, points: number): number[] {
  if (points <= 0) return [];
  // Before the first completed request there is no latency: those samples are left out, not drawn as 0 ms.
  const values: number[] = [];
  for (const point of history) {
    const value = point[key];
    if (value === null) {
      if (values.length) values.push(values[values.length - 1]!);
      continue;
    }
    values.push(value);
  }
  return values.slice(Math.max(0, values.length - points));
}

/** The rate the header shows: 0 once the swarm is stopped, whatever Locust last computed. */
export function currentRps(state: State): number {
  return isSwarmActive(state) ? (state.locust?.rps ?? 0) : 0;
}

export function currentFailPerSec(state: State): number {
  return isSwarmActive(state) ? (state.locust?.failPerSec ?? 0) : 0;
}

/** The swarm `s` offers and `+`/`-` step from: what this cockpit asked last, else what runs. */
export function swarmBase(state: State): { users: number; spawnRate: number } {
  if (state.requested) return state.requested;
  const running = isSwarmActive(state) ? state.locust?.users : undefined;
  return { users: running || state.lastSwarm.users, spawnRate: state.lastSwarm.spawnRate };
}


/** Above this a worker is the bottleneck: Locust itself warns at 90 % and its figures go wrong. */
export const HOT_CPU_PERCENT = 90;

export function hotWorkers(state: State): LocustWorker[] {
  return (state.locust?.workers ?? []).filter((worker) => worker.state !== 'missing' && worker.cpuPercent > HOT_CPU_PERCENT);
}
