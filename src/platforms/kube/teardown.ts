// Delete what ltop applied: the overlay's objects (or, when it cannot be rendered, everything
// labelled app.kubernetes.io/managed-by=ltop), the HPA first so it stops fighting, the namespace
// last and only when ltop created it.

import type { KubeConnection } from './config.js';
import { type Discovery, describe } from './apply.js';
import { LABEL_MANAGED_BY, MANAGED_SELECTOR } from './names.js';
import { KubeApiError, type KubeList, type KubeObject } from './rest.js';

const ORDER = ['HorizontalPodAutoscaler', 'Deployment', 'PodDisruptionBudget', 'Service', 'NetworkPolicy', 'ConfigMap', 'Secret', 'RoleBinding', 'Role', 'ServiceAccount'];
const rank = (o: KubeObject): number => (o.kind === 'Namespace' ? 1000 : ((i) => (i < 0 ? ORDER.length : i))(ORDER.indexOf(o.kind ?? '')));

const LABELLED: ReadonlyArray<[string, string]> = [
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['apps/v1', 'Deployment'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['v1', 'Service'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['v1', 'ConfigMap'],
  ['v1', 'ServiceAccount'],
];

/** When the overlay cannot be rendered: ltop's objects by label. */
export async function labelledObjects(conn: KubeConnection, discovery: Discovery): Promise<KubeObject[]> {
  const out: KubeObject[] = [];
  for (const [apiVersion, kind] of LABELLED) {
    try {
      const { collection } = await discovery.resolve({ apiVersion, kind, metadata: { namespace: conn.namespace, name: '' } });
      const list = await conn.rest.get<KubeList>(collection, { query: { labelSelector: MANAGED_SELECTOR } });
      out.push(...list.items.map((i) => ({ ...i, apiVersion, kind })));
    } catch {
      // a kind the cluster does not serve: nothing of it to delete
    }
  }
  const ns = await conn.rest.find(`/api/v1/namespaces/${conn.namespace}`);
  if (ns?.metadata?.labels?.[LABEL_MANAGED_BY] === 'ltop') out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: conn.namespace } });
  return out;
}

export async function deleteAll(conn: KubeConnection, discovery: Discovery, objects: readonly KubeObject[], log: (line: string) => void): Promise<void> {
  for (const o of [...objects].sort((a, b) => rank(a) - rank(b))) {
    const { item } = await discovery.resolve(o);
    if (o.kind === 'Namespace') {
      const live = await conn.rest.find(item);
      if (live?.metadata?.labels?.[LABEL_MANAGED_BY] !== 'ltop') {
        log(`kept namespace/${o.metadata?.name}: ltop did not create it`);
        continue;
      }
    }
    try {
      await conn.rest.request('DELETE', item, { body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' } });
      log(`deleted ${describe(o)}`);
    } catch (err) {
      if (err instanceof KubeApiError && err.code === 404) log(`${describe(o)} was already gone`);
      else throw err;
    }
  }
}
