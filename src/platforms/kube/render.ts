// Render an overlay the way docs/k8s.md says (plain `kubectl kustomize DIR`, kustomize's default
// load restrictor: the scenarios and the plugin come in as components), then point it at the
// target namespace.

import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './rest.js';

export class RenderError extends Error {}

export async function renderOverlay(overlayDir: string, kubectl = 'kubectl'): Promise<KubeObject[]> {
  const r = await execa(kubectl, ['kustomize', overlayDir], { reject: false, timeout: 60_000 });
  if (r.failed) {
    const why = r.code === 'ENOENT' ? `${kubectl} is not installed or not on PATH` : String(r.stderr || r.message).trim();
    throw new RenderError(`could not render the overlay ${overlayDir}: ${why}. Check it with: kubectl kustomize ${overlayDir}`);
  }
  return parseAllDocuments(String(r.stdout))
    .map((d) => d.toJSON() as KubeObject | null)
    .filter((o): o is KubeObject => !!o && typeof o === 'object' && !!o.kind);
}

/**
 * Move every namespaced object to `namespace`. The overlay's own Namespace object is kept only
 * when it is the target namespace: ltop never creates (nor later deletes) someone else's namespace.
 */
export function retarget(objects: readonly KubeObject[], namespace: string, namespaced: (o: KubeObject) => boolean): KubeObject[] {
  const out: KubeObject[] = [];
  for (const o of objects) {
    if (o.kind === 'Namespace' && o.apiVersion === 'v1') {
      if (o.metadata?.name === namespace) out.push(o);
      continue;
    }
    if (namespaced(o)) out.push({ ...o, metadata: { ...o.metadata, namespace } });
    else out.push(o);
  }
  return out;
}

/** Apply order: namespaces first, then what pods need (config, accounts, services), workloads, the rest. */
export function applyOrder(o: KubeObject): number {
  const order = ['Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'ConfigMap', 'Secret', 'Service', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy'];
  const i = order.indexOf(o.kind ?? '');
  return i < 0 ? order.length : i;
}
