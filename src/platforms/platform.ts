// The one interface every platform (local, kube, eks) implements. The session and the cockpit
// only ever talk to this; they never ask which platform they have.

import type { EmitPlatformEvent, InfraProgress, PlatformName, ScenarioChoice } from '../domain/platform-vocabulary.js';

// The shared vocabulary lives in domain/; re-exported so platform code reads one module.
export type { EmitPlatformEvent, InfraProgress, InfraResource, InfraRunView, PlatformEvent, PlatformName, ScenarioChoice, WorkerUnit } from '../domain/platform-vocabulary.js';

/** What a platform can do: the cockpit offers only these keys, and the session plans by them. */
export interface PlatformCapabilities {
  /** runs the user's own locustfile (--locustfile), not only bundled scenarios */
  readonly fileScenarios: boolean;
  /** teardown deletes something detach leaves (deployments, a cluster) */
  readonly teardown: boolean;
  /** owns infrastructure it can provision and destroy (eks) */
  readonly infra: boolean;
  /** a running swarm survives ltop leaving (a cluster): quit then saves a running snapshot */
  readonly swarmOutlivesDetach: boolean;
}

/** Room for the eks platform: provision / destroy / status, each streaming progress events. */
export interface InfraLifecycle {
  provision(onProgress: (progress: InfraProgress) => void, signal?: AbortSignal): Promise<void>;
  destroy(onProgress: (progress: InfraProgress) => void, signal?: AbortSignal): Promise<void>;
  status(): Promise<{ readonly exists: boolean; readonly summary: string }>;
  /** what the user agrees to besides the cost, for the deploy question (eks: who may reach the API): a line, and a few words for the cockpit's */
  terms?(): Promise<{ readonly line: string; readonly short: string }>;
}

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
  readonly capabilities: PlatformCapabilities;
  /**
   * What the user must type to confirm a destroy (the cluster or namespace name); null when
   * teardown destroys nothing that cannot be started again.
   */
  readonly confirmName: string | null;
  /** present only where capabilities.infra is true */
  readonly infra?: InfraLifecycle;
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
