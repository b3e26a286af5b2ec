// The words every layer shares: what runs (workers, resources), what the swarm runs (a scenario
// choice) and what a platform tells the rest of ltop (platform events). No I/O, no imports:
// state/, render/ and session/ read these without depending on any platform.
import type { CostSnapshot } from '../cost/snapshot.js';

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

/**
 * A platform's start failed because its infrastructure does not exist yet (eks: no stack in the
 * stack directory): not an error to flag red, the first step of the lifecycle (`d` creates it).
 * Errors that mean this carry `infraMissing: true`.
 */
export function isInfraMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { readonly infraMissing?: unknown }).infraMissing === true;
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

/** One step of an infrastructure lifecycle (provision, destroy), e.g. from terraform -json. */
export interface InfraProgress {
  readonly operation: 'provision' | 'destroy' | 'status';
  /** the resource or step this is about, e.g. module.eks.aws_eks_cluster.this */
  readonly subject: string;
  readonly phase: 'planned' | 'started' | 'progress' | 'complete' | 'errored';
  readonly message: string;
  readonly elapsedSeconds?: number;
  readonly at: number;
  /** the whole run so far, for the cockpit's provisioning panel (the eks platform sends it) */
  readonly run?: InfraRunView;
}

/** A provision or destroy as the cockpit's panel draws it: counts, what runs now, what went wrong. */
export interface InfraRunView {
  readonly operation: 'provision' | 'destroy';
  readonly outcome: 'running' | 'done' | 'failed' | 'cancelled';
  readonly startedAt: number;
  /** when it ended (done, failed, cancelled): the panel's clock stops there */
  readonly endedAt?: number;
  /** the step now: aws, access, init, terraform, kubernetes, orphan-check… */
  readonly stage: string;
  /** Terraform's resource actions done and planned (0/0 until a plan is known) */
  readonly done: number;
  readonly planned: number;
  /** resources being changed now, with Terraform's start time and last reported elapsed seconds */
  readonly inFlight: readonly { readonly address: string; readonly action: string; readonly startedAt: number; readonly reportedSeconds: number }[];
  readonly diagnostics: readonly { readonly severity: 'error' | 'warning'; readonly summary: string; readonly detail: string; readonly where?: string }[];
  /** the latest step's message */
  readonly last: string;
  /** set when the run ended without success: what happened, what exists, what to do next */
  readonly failure?: { readonly message: string; readonly lines: readonly string[]; readonly nextStep: string };
}

export type PlatformEvent =
  | { readonly type: 'platform/workers'; readonly workers: readonly WorkerUnit[] }
  | { readonly type: 'platform/resources'; readonly resources: readonly InfraResource[] }
  /**
   * One line of output. A source that parsed it already (pod logs, CloudWatch) sends the message
   * as `line` with its `level`/`logger`; without a level the state parses `line` itself
   * (ltop's JSON lines, Locust's plain ones).
   */
  | { readonly type: 'platform/log'; readonly source: string; readonly line: string; readonly at: number; readonly level?: string; readonly logger?: string }
  /** the cost meter's figures now (a platform with a cost source: kube on AWS nodes, eks) */
  | { readonly type: 'cost/snapshot'; readonly snapshot: CostSnapshot }
  | { readonly type: 'platform/notice'; readonly level: 'info' | 'warn' | 'error'; readonly message: string }
  /**
   * How many workers there should be. The one report of it: the session computes it once when
   * the platform starts, scales or switches, and platforms send it when an autoscaler acted.
   */
  | { readonly type: 'platform/expected-workers'; readonly expectedWorkers: number }
  /** the Locust master is gone (exited, pod deleted); `cause` is the whole reason, not a summary */
  | { readonly type: 'platform/master-lost'; readonly cause: string; readonly at: number }
  | { readonly type: 'platform/infra-progress'; readonly progress: InfraProgress };

export type EmitPlatformEvent = (event: PlatformEvent) => void;
