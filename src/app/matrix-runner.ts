// The sweep's runner on the platform the options name: the same wiring as the cockpit and
// headless mode (store, platform, session, target feed), so each cell's folder gets the usual
// files, scaling.csv among them. "Scale the target" is the demo target's processes on local and
// the --target-deployment Deployments (scale subresource, then every pod Ready) on kube and eks.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedOptions } from '../cli/options.js';
import { UsageError } from '../cli/parse.js';
import { startSessionCellRunner, type SessionCellRunner } from '../matrix/session-runner.js';
import type { Store } from '../state/store.js';
import { wire } from './wire.js';

export interface MatrixRunnerRequest {
  /** the sweep's options; `workers` is the first cell's count (the platform starts with it) */
  readonly options: ResolvedOptions;
  /** the sweep's folder: the session's staging folder goes inside it and is removed at the end */
  readonly dir: string;
  /** whether the plan scales the target (--replicas) */
  readonly scalesTarget: boolean;
  /** how long a cell waits for the target's pods to be Ready, and for its workers to connect */
  readonly readyTimeoutMs: number;
  /** the cockpit redraws at its own rate; headless needs no more than 1 Hz */
  readonly maxHz?: number;
}

export interface MatrixRunner {
  readonly runner: SessionCellRunner;
  /** the running cell's swarm, for the cockpit's live charts */
  readonly store: Store;
}

/** Checked before anything starts: --replicas needs something to scale. Throws UsageError. */
export function checkTargetScaling(options: ResolvedOptions, scalesTarget: boolean): void {
  if (!scalesTarget) return;
  if (options.platform === 'local') {
    if (options.host) throw new UsageError('--replicas on the local platform scales the bundled demo target: leave out --host');
    return;
  }
  const named = options.target.deployments;
  if (!named || (Array.isArray(named) && !named.length)) throw new UsageError(`--replicas on ${options.platform} scales the Deployments named by --target-deployment NAME (--target-selector is not enough: name them)`);
}

type ScaleTarget = (replicas: number, signal: AbortSignal) => Promise<void>;

function localTarget(store: Store): ScaleTarget {
  return async (replicas) => {
    const { demoTargetAdmin } = await import('../demo/admin-client.js');
    await demoTargetAdmin(store.getState().targetHost).setReplicas(replicas);
  };
}

/** The named Deployments, all to the same count, each until its pods are Ready. */
async function kubeTarget(options: ResolvedOptions, timeoutMs: number): Promise<ScaleTarget> {
  const [{ connect }, { parseTargetOptions }, { scaleTargetDeployment }] = await Promise.all([import('../platforms/kube/config.js'), import('../target/options.js'), import('../target/scale.js')]);
  const conn = connect({ ...(options.context ? { context: options.context } : {}), ...(options.kubeconfig ? { kubeconfigPath: options.kubeconfig } : {}) });
  // --target-namespace defaults to the context's namespace, as the Target tab's does
  const selection = parseTargetOptions(options.target, conn.kc.getContextObject(conn.context)?.namespace ?? 'default');
  const deployments = selection?.deployments ?? [];
  return async (replicas, signal) => {
    await Promise.all(deployments.map((name) => scaleTargetDeployment(conn.rest, selection!.namespace, name, replicas, { timeoutMs, signal })));
  };
}

/**
 * A sweep sets each cell's worker count; an HPA on the workers would change it under load (ltop
 * can only move its bounds, and the matrix Job's Role may not), so each cell would measure
 * another swarm than it says. Refused once, before the first cell, with what to do.
 */
async function noWorkerHpa(options: ResolvedOptions): Promise<void> {
  const [{ connect }, { workerHpa }] = await Promise.all([import('../platforms/kube/config.js'), import('../platforms/kube/scale.js')]);
  const conn = connect({ ...(options.context ? { context: options.context } : {}), ...(options.namespace ? { namespace: options.namespace } : {}), ...(options.kubeconfig ? { kubeconfigPath: options.kubeconfig } : {}) });
  const hpa = await workerHpa(conn);
  if (hpa) throw new Error(`HPA ${hpa.metadata?.name} scales the workers in ${conn.namespace}: a sweep sets each cell's worker count, and the HPA would change it under load; delete it for the sweep (kubectl delete hpa ${hpa.metadata?.name} -n ${conn.namespace}) or deploy with k8s/components/matrix-job, which leaves it out`);
}

export async function startMatrixRunner(request: MatrixRunnerRequest): Promise<MatrixRunner> {
  const { options, dir } = request;
  checkTargetScaling(options, request.scalesTarget);
  const staging = path.join(dir, '.staging');
  const wired = await wire({ ...options, resultsDir: staging, workersGiven: true }, { users: 1, spawnRate: 1 }, request.maxHz ?? 1);
  let scaleTarget: ScaleTarget | undefined;
  try {
    if (request.scalesTarget) scaleTarget = options.platform === 'local' ? localTarget(wired.store) : await kubeTarget(options, request.readyTimeoutMs);
  } catch (error) {
    wired.feed.stop();
    throw error;
  }
  const runner = await startSessionCellRunner(wired, {
    ...(scaleTarget ? { scaleTarget } : {}),
    workersTimeoutMs: request.readyTimeoutMs,
    ...(options.platform === 'kube' ? { preflight: () => noWorkerHpa(options) } : {}),
    onClose: async () => {
      wired.feed.stop();
      await rm(staging, { recursive: true, force: true });
    },
  });
  return { runner, store: wired.store };
}
