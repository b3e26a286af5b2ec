// "Scale the target" for the matrix on Kubernetes: the named Deployment through its scale
// subresource, then wait (bounded) until the rollout is done and every replica is Ready.
// A Deployment an HPA scales is refused: the sweep's fixed count and the HPA would fight.

import { KubeApiError, PATCH, type KubeObject, type KubeRest } from '../platforms/kube/rest.js';
import { pendingReason, rollout } from '../platforms/kube/rows.js';
import { waitFor } from '../util/wait.js';
import { collections } from './watch-hub.js';

type Obj = Record<string, unknown>;

export class TargetScaleError extends Error {}

export interface ScaleTargetOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly pollMs?: number;
  readonly fieldManager?: string;
}

const deploymentPath = (ns: string, name: string): string => `${collections.deployments(ns).path}/${name}`;

export async function scaleTargetDeployment(rest: KubeRest, namespace: string, name: string, replicas: number, opts: ScaleTargetOptions = {}): Promise<void> {
  if (!Number.isInteger(replicas) || replicas < 0) throw new TargetScaleError(`replicas must be a whole number >= 0, not ${replicas}`);
  const rbac = (verb: string, what: string) => (e: unknown): never => {
    if (e instanceof KubeApiError && e.code === 403) throw new TargetScaleError(`missing RBAC: cannot ${verb} ${what} in ${namespace} (needed to scale the target ${name})`);
    if (e instanceof KubeApiError && e.code === 404) throw new TargetScaleError(`deployment ${name} not found in ${namespace}`);
    throw e;
  };
  const hpas = await rest.get<{ items: KubeObject[] }>(collections.hpas(namespace).path).catch(rbac('list', 'horizontalpodautoscalers'));
  const hpa = hpas.items.find((h) => {
    const ref = ((h.spec as Obj | undefined)?.scaleTargetRef ?? {}) as Obj;
    return ref.kind === 'Deployment' && ref.name === name;
  });
  if (hpa) {
    throw new TargetScaleError(`deployment ${name} is scaled by HPA ${hpa.metadata?.name}: a fixed replica count would fight it; sweep without --replicas (the HPA's response is the answer), or remove the HPA for the sweep`);
  }
  await rest.patch(`${deploymentPath(namespace, name)}/scale`, { spec: { replicas } }, PATCH.merge, { fieldManager: opts.fieldManager ?? 'ltop' }).catch(rbac('patch', 'deployments/scale'));
  const timeoutMs = opts.timeoutMs ?? 300_000;
  let last: KubeObject | undefined;
  try {
    await waitFor(
      async () => {
        const d = await rest.get(deploymentPath(namespace, name));
        last = d;
        const r = rollout(d);
        return r.desired === replicas && r.done;
      },
      { timeoutMs, intervalMs: opts.pollMs ?? 500, what: `deployment ${name} to have ${replicas} ready replicas`, ...(opts.signal ? { signal: opts.signal } : {}) },
    );
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    const r = last ? rollout(last) : undefined;
    const selector = ((last?.spec as Obj | undefined)?.selector ?? {}) as { matchLabels?: Record<string, string> };
    const labels = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    const pods = labels ? await rest.get<{ items: KubeObject[] }>(collections.pods(namespace).path, { query: { labelSelector: labels } }).catch(() => ({ items: [] })) : { items: [] };
    const reason = pods.items.map(pendingReason).find((x): x is string => x !== undefined);
    throw new TargetScaleError(`deployment ${name} not ready after ${Math.round(timeoutMs / 1000)} s: ${r ? `${r.ready}/${replicas} ready` : 'unread'}${reason ? ` (${reason})` : ''}`, { cause: e });
  }
}
