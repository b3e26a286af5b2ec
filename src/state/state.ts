// The cockpit's whole state. Pure data: no functions, no I/O handles.
import type { LocustSnapshot } from '../locust/snapshot.js';
import type { InfraResource, PlatformName, WorkerUnit } from '../domain/platform-vocabulary.js';

export type Phase = 'starting' | 'ready' | 'spawning' | 'running' | 'stopped' | 'error';
export type SortColumn = 'name' | 'requests' | 'failures' | 'rps' | 'p50' | 'p95' | 'p99' | 'max';
export type BottomTab = 'workers' | 'logs' | 'errors' | 'infra';
export type Overlay =
  | { readonly kind: 'none' }
  | { readonly kind: 'help' }
  | { readonly kind: 'filter' }
  | { readonly kind: 'swarm' }
  | { readonly kind: 'scenario' }
  | { readonly kind: 'confirm'; readonly actionId: string; readonly question: string; readonly typeToConfirm?: string };

export interface HistoryPoint {
  readonly at: number;
  readonly rps: number;
  readonly failPerSec: number;
  readonly p50: number;
  readonly p95: number;
  readonly users: number;
}

export interface LogLine {
  readonly at: number;
  readonly source: string;
  readonly line: string;
}

export interface StatusLine {
  readonly at: number;
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
}

export interface State {
  readonly platform: PlatformName;
  readonly where: string;
  readonly scenario: string;
  readonly targetHost: string;
  readonly masterUrl: string | null;
  readonly expectedWorkers: number;
  readonly startedAt: number;
  readonly now: number;
  /** set while a session-level failure (platform could not start) stands */
  readonly fatal: string | null;
  readonly locust: LocustSnapshot | null;
  /** why the last poll failed; cleared by the next good snapshot */
  readonly locustError: string | null;
  /** when the current swarm began spawning, for the elapsed clock */
  readonly swarmStartedAt: number | null;
  /** when it stopped; null while it runs */
  readonly swarmEndedAt: number | null;
  readonly lastSwarm: { readonly users: number; readonly spawnRate: number };
  readonly history: readonly HistoryPoint[];
  readonly platformWorkers: readonly WorkerUnit[];
  readonly resources: readonly InfraResource[];
  readonly logs: readonly LogLine[];
  readonly status: StatusLine | null;
  readonly resultsDir: string | null;
  readonly ui: {
    readonly overlay: Overlay;
    readonly sort: { readonly column: SortColumn; readonly descending: boolean };
    readonly filter: string;
    readonly tab: BottomTab;
  };
}

export const HISTORY_CAPACITY = 600;
export const LOG_CAPACITY = 500;

export function initialState(init: {
  platform: PlatformName;
  where: string;
  scenario: string;
  targetHost: string;
  expectedWorkers: number;
  lastSwarm: { users: number; spawnRate: number };
  now: number;
}): State {
  return {
    platform: init.platform,
    where: init.where,
    scenario: init.scenario,
    targetHost: init.targetHost,
    masterUrl: null,
    expectedWorkers: init.expectedWorkers,
    startedAt: init.now,
    now: init.now,
    fatal: null,
    locust: null,
    locustError: null,
    swarmStartedAt: null,
    swarmEndedAt: null,
    lastSwarm: init.lastSwarm,
    history: [],
    platformWorkers: [],
    resources: [],
    logs: [],
    status: null,
    resultsDir: null,
    ui: { overlay: { kind: 'none' }, sort: { column: 'requests', descending: true }, filter: '', tab: 'workers' },
  };
}
