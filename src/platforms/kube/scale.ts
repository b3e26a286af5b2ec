// Worker count by keystroke: the scale subresource, or the HPA's bounds when an HPA owns it.

import type { ScaleResult } from '../platform.js';
import type { KubeConnection } from './config.js';
import { FIELD_MANAGER, HPA, WORKER } from './names.js';
import { type KubeObject, PATCH, paths } from './rest.js';

type Obj = Record<string, unknown>;

export async function workerHpa(conn: KubeConnection): Promise<KubeObject | undefined> {
  const hpa = await conn.rest.find(paths.hpa(conn.namespace, HPA));
  const ref = (hpa?.spec as Obj | undefined)?.scaleTargetRef as Obj | undefined;
  return hpa && ref?.kind === 'Deployment' && ref.name === WORKER ? hpa : undefined;
}

export async function scaleWorkers(conn: KubeConnection, count: number): Promise<ScaleResult> {
  if (!Number.isInteger(count) || count < 0) throw new Error(`worker count must be a whole number >= 0, not ${count}`);
  const ns = conn.namespace;
  const hpa = await workerHpa(conn);
  if (hpa) {
    const spec = (hpa.spec ?? {}) as Obj;
    const oldMin = Number(spec.minReplicas ?? 1);
    const oldMax = Number(spec.maxReplicas ?? oldMin);
    if (count < 1) {
      throw new Error(`HPA ${HPA} owns the workers and cannot scale them to 0 (minReplicas >= 1); delete the HPA (kubectl delete hpa ${HPA} -n ${ns}) to stop all workers`);
    }
    const max = Math.max(oldMax, count);
    await conn.rest.patch(paths.hpa(ns, HPA), { spec: { minReplicas: count, maxReplicas: max } }, PATCH.merge, { fieldManager: FIELD_MANAGER });
    return {
      expectedWorkers: count,
      message: `HPA ${HPA} owns the workers: moved its min/max from ${oldMin}/${oldMax} to ${count}/${max}; it may scale above ${count} under load`,
    };
  }
  const before = await conn.rest.get<{ spec?: { replicas?: number } }>(paths.scale(ns, WORKER));
  await conn.rest.patch(paths.scale(ns, WORKER), { spec: { replicas: count } }, PATCH.merge, { fieldManager: FIELD_MANAGER });
  return { expectedWorkers: count, message: `workers scaled from ${before.spec?.replicas ?? '?'} to ${count} (deployment ${WORKER})` };
}
