// The one interface every platform (local, kube, eks) implements. The session and the cockpit
// only ever talk to this; they never ask which platform they have.

export type PlatformName = 'local' | 'kube' | 'eks';

/** What the swarm runs: a bundled scenario (scenarios/NAME.py) or the user's own locustfile. */
export type ScenarioChoice =
  | { readonly kind: 'bundled'; readonly name: string }
  | { readonly kind: 'file'; readonly path: string };

/** A worker as the platform sees it: a local process or a pod. */
export interface WorkerUnit {
  readonly id: string;
  /** pid for local processes; undefined for pods */
  readonly pid?: number;
  readonly alive: boolean;
  readonly restarts: number;
  /** pod phase / process state, e.g. Running, Pending, exited(1) */
  readonly phase: string;
  /** node name for pods, "localhost" for processes */
  readonly node?: string;
  readonly startedAt?: number;
  /** Locust's own id for this worker (client_id), when the platform could learn it from the worker's log */
  readonly locustId?: string;
}

/** Anything else the platform wants on screen: deployments, HPA, nodes, cluster, demo target. */
export interface InfraResource {
  readonly kind: string;
  readonly name: string;
  /** short status word: Ready, Pending, 3/3, Active, exited(1)… */
  readonly status: string;
  /** one line of detail: replicas, metrics vs targets, reason pending… */
  readonly detail?: string;
  readonly healthy: boolean;
}

export type PlatformEvent =
  | { readonly type: 'platform/workers'; readonly workers: readonly WorkerUnit[] }
  | { readonly type: 'platform/resources'; readonly resources: readonly InfraResource[] }
  | { readonly type: 'platform/log'; readonly source: string; readonly line: string; readonly at: number }
  | { readonly type: 'platform/notice'; readonly level: 'info' | 'warn' | 'error'; readonly message: string }
  /** the platform's own idea of how many workers there should be changed (e.g. an autoscaler acted) */
  | { readonly type: 'platform/expected-workers'; readonly expectedWorkers: number };

export type EmitPlatformEvent = (event: PlatformEvent) => void;

export interface PlatformEndpoints {
  /** Base URL of the Locust master's web API, e.g. http://127.0.0.1:43211 */
  readonly masterUrl: string;
  /** Target host the swarm should hit (the demo target on local when no --host is given) */
  readonly targetHost: string;
  /** Workers the platform started or expects */
  readonly expectedWorkers: number;
  /** Locust's version where the platform can tell (results record it) */
  readonly locustVersion?: string;
}

export interface ScaleResult {
  readonly expectedWorkers: number;
  /** what happened, in one line, for the cockpit (e.g. "HPA owns workers: moved min/max to 5") */
  readonly message: string;
}

export interface Platform {
  readonly name: PlatformName;
  /** Human description of where things run: "local processes", a kube context/namespace… */
  readonly where: string;
  /** Bring the runtime up (or attach to one already running) and return how to reach it. */
  start(scenario: ScenarioChoice): Promise<PlatformEndpoints>;
  /** Add or remove workers so that `count` are expected. */
  scaleWorkers(count: number): Promise<ScaleResult>;
  /** Restart master and workers on another scenario; resolves with the new endpoints. */
  switchScenario(scenario: ScenarioChoice): Promise<PlatformEndpoints>;
  /**
   * Leave: stop what ltop started locally (processes, port-forwards, watches). A swarm that
   * runs in a cluster keeps running so that a later ltop can attach to it.
   */
  detach(): Promise<void>;
  /** Destroy what ltop deployed (dangerous; local: same as detach). */
  teardown(): Promise<void>;
}
