// The cockpit's whole state. Pure data: no functions, no I/O handles.
import type { CostSnapshot } from '../cost/snapshot.js';
import type { LogLevel } from '../logs/line.js';
import type { LocustSnapshot } from '../locust/snapshot.js';
import type { InfraResource, InfraRunView, PlatformName, WorkerUnit } from '../domain/platform-vocabulary.js';
import type { ServerSideSample } from '../prometheus/source.js';
import type { TimelineSample } from '../target/timeline.js';
import type { TargetView } from '../target/view.js';

/** undeployed: the platform's infrastructure does not exist yet (eks before `d` or ltop up) */
export type Phase = 'starting' | 'undeployed' | 'ready' | 'spawning' | 'running' | 'stopped' | 'error';
export type SortColumn = 'name' | 'requests' | 'failures' | 'rps' | 'p50' | 'p95' | 'p99' | 'max';
export type BottomTab = 'workers' | 'logs' | 'errors' | 'infra' | 'target';
/** the lists that scroll and take j/k: the endpoints table or one of the bottom panels */
export type ListId = 'endpoints' | BottomTab;

/** A one-line text field. `fresh`: it still shows the default, and the first typed key replaces it. */
export interface TextField {
  readonly text: string;
  readonly fresh: boolean;
}

/** What a confirmation runs on yes: plain data, so the state stays free of functions. */
export type PendingAction =
  | { readonly kind: 'stop' }
  | { readonly kind: 'scale-workers'; readonly delta: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'teardown' }
  | { readonly kind: 'provision' }
  | { readonly kind: 'quit' }
  | { readonly kind: 'switch-scenario'; readonly name: string };

export type Overlay =
  | { readonly kind: 'none' }
  /** top: the first line shown (the help scrolls where the screen is too small for it) */
  | { readonly kind: 'help'; readonly top?: number }
  /** target 'logs': the Logs panel's filter (`/` while it has the focus), else the endpoints' */
  | { readonly kind: 'filter'; readonly field: TextField; readonly target?: 'logs'; /** the filter when the prompt opened: Ctrl+C puts it back */ readonly before?: string }
  | { readonly kind: 'swarm'; readonly users: TextField; readonly rate: TextField; readonly field: 'users' | 'rate'; readonly problem: string | null }
  | { readonly kind: 'scenario'; readonly index: number }
  | { readonly kind: 'confirm'; readonly question: string; readonly action: PendingAction }
  | { readonly kind: 'type-confirm'; readonly question: string; readonly expected: string; readonly typed: string; readonly action: PendingAction; /** Enter was pressed on a name that does not match */ readonly mismatch?: boolean }
  | { readonly kind: 'detail'; readonly title: string; readonly lines: readonly string[]; readonly top: number };

export interface HistoryPoint {
  readonly at: number;
  readonly rps: number;
  readonly failPerSec: number;
  /** null while no request has completed yet: not plotted, never drawn as 0 ms */
  readonly p50: number | null;
  readonly p95: number | null;
  readonly users: number;
}

export interface LogLine {
  readonly at: number;
  readonly source: string;
  /** the message (parsed out of ltop's JSON or Locust's format; the whole line otherwise) */
  readonly line: string;
  /** undefined when the line states none (a traceback's continuation, a stats table) */
  readonly level?: LogLevel;
  readonly logger?: string;
}

export interface StatusLine {
  readonly at: number;
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
}

export interface State {
  readonly platform: PlatformName;
  readonly where: string;
  /** what a destroy must be confirmed with (the cluster or namespace); null: the platform destroys nothing */
  readonly confirmName: string | null;
  /** a cluster's swarm keeps running when ltop leaves; a local one stops with it */
  readonly swarmOutlivesDetach: boolean;
  /** the platform owns infrastructure it can create (eks): `d` provisions it */
  readonly canProvision: boolean;
  /** the platform's infrastructure is known not to exist yet (true), to exist (false, it started), or not known (null) */
  readonly infraMissing: boolean | null;
  /** what the stack `d` would create costs, e.g. "$0.39/h in eu-central-1" (ltop estimate's figure) */
  readonly infraEstimate: string | null;
  /** what else `d` agrees to, e.g. "API from 203.0.113.7/32" (the platform's terms) */
  readonly infraTerms: string | null;
  /** the provision or destroy running (or the last one that failed): the provisioning panel */
  readonly infraRun: InfraRunView | null;
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
  /** when the master's totals last went down mid-swarm (a stats reset) */
  readonly statsResetAt: number | null;
  readonly lastSwarm: { readonly users: number; readonly spawnRate: number };
  /**
   * The swarm this cockpit asked for last, set the moment the key is pressed: `+` steps from
   * it, so two presses step twice even before Locust (polled every 2 s) reports the first.
   */
  readonly requested: { readonly users: number; readonly spawnRate: number } | null;
  readonly history: readonly HistoryPoint[];
  readonly platformWorkers: readonly WorkerUnit[];
  readonly resources: readonly InfraResource[];
  readonly logs: readonly LogLine[];
  readonly status: StatusLine | null;
  readonly resultsDir: string | null;
  /** the system under test as its source last saw it (null: no target on this platform) */
  readonly target: TargetView | null;
  /** the application's own numbers (Prometheus), when configured */
  readonly serverSample: ServerSideSample | null;
  /** the scaling timeline: swarm and target on one time axis (scaling.csv, the Target chart) */
  readonly timeline: readonly TimelineSample[];
  /** the cost meter's last figures; null where nothing is priced (local, a cluster not on AWS) */
  readonly cost: CostSnapshot | null;
  readonly ui: {
    readonly overlay: Overlay;
    readonly sort: { readonly column: SortColumn; readonly descending: boolean };
    readonly filter: string;
    /** the Logs panel's own filter (message, source, level or logger; any case) */
    readonly logFilter: string;
    readonly tab: BottomTab;
    /** the list j/k/PgUp/PgDn/g/G/Enter act on */
    readonly focus: ListId;
    /** selected row per list; absent = the top (the newest line, following, for logs) */
    readonly cursor: Readonly<Partial<Record<ListId, number>>>;
    /** a Ctrl+C just cancelled a modal: a second one quits at once */
    readonly quitArmed: boolean;
  };
}

export const HISTORY_CAPACITY = 600;
/** 4 h at one sample every 2 s */
export const TIMELINE_CAPACITY = 7200;
/** lines kept for the Logs panel (oldest dropped first) */
export const LOG_CAPACITY = 1000;

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
    confirmName: null,
    swarmOutlivesDetach: false,
    canProvision: false,
    infraMissing: null,
    infraEstimate: null,
    infraTerms: null,
    infraRun: null,
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
    statsResetAt: null,
    lastSwarm: init.lastSwarm,
    requested: null,
    history: [],
    platformWorkers: [],
    resources: [],
    logs: [],
    status: null,
    resultsDir: null,
    target: null,
    serverSample: null,
    timeline: [],
    cost: null,
    ui: { overlay: { kind: 'none' }, sort: { column: 'requests', descending: true }, filter: '', logFilter: '', tab: 'workers', focus: 'endpoints', cursor: {}, quitArmed: false },
  };
}
