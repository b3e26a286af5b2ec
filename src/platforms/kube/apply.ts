// Server-side apply of the rendered overlay, field manager "ltop".
//
// Conflicts: ltop first applies without force. If another manager owns a field ltop sets (say
// someone ran kubectl scale), ltop says which fields and managers, then applies again with force:
// ltop's overlay is the declared state of ltop's own objects.

import { KubeApiError, type KubeObject, type KubeRest, PATCH } from './rest.js';
import { FIELD_MANAGER } from './names.js';

interface ApiResource {
  name: string;
  namespaced: boolean;
  kind: string;
}

/** Maps apiVersion+kind to a REST path with the server's own discovery (like kubectl). */
export class Discovery {
  private readonly cache = new Map<string, Promise<ApiResource[]>>();

  constructor(private readonly rest: KubeRest) {}

  private resources(apiVersion: string): Promise<ApiResource[]> {
    let p = this.cache.get(apiVersion);
    if (!p) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      p = this.rest.get<{ resources: ApiResource[] }>(path).then((l) => l.resources.filter((r) => !r.name.includes('/')));
      p.catch(() => this.cache.delete(apiVersion));
      this.cache.set(apiVersion, p);
    }
    return p;
  }

  async resolve(o: KubeObject): Promise<{ collection: string; item: string; namespaced: boolean; plural: string }> {
    const apiVersion = o.apiVersion ?? 'v1';
    const r = (await this.resources(apiVersion)).find((x) => x.kind === o.kind);
    if (!r) throw new Error(`the cluster does not serve ${o.kind} in ${apiVersion} (is a CRD or API missing?)`);
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const ns = r.namespaced ? `/namespaces/${o.metadata?.namespace ?? 'default'}` : '';
    const collection = `${base}${ns}/${r.name}`;
    return { collection, item: `${collection}/${o.metadata?.name ?? ''}`, namespaced: r.namespaced, plural: r.name };
  }

  async isNamespaced(o: KubeObject): Promise<boolean> {
    const r = (await this.resources(o.apiVersion ?? 'v1')).find((x) => x.kind === o.kind);
    return r?.namespaced ?? true;
  }
}

export const describe = (o: KubeObject): string => `${(o.kind ?? '?').toLowerCase()}/${o.metadata?.name ?? '?'}`;

export interface ApplyProgress {
  (line: string): void;
}

export async function serverSideApply(rest: KubeRest, discovery: Discovery, o: KubeObject, log: ApplyProgress): Promise<KubeObject> {
  const { item } = await discovery.resolve(o);
  const body = { ...o, metadata: { ...o.metadata } };
  try {
    return await rest.patch(item, body, PATCH.apply, { fieldManager: FIELD_MANAGER, force: false });
  } catch (err) {
    if (!(err instanceof KubeApiError) || err.code !== 409) throw err;
    const causes = ((err.status?.details as { causes?: Array<{ message?: string; field?: string }> } | undefined)?.causes ?? [])
      .map((c) => `${c.field ?? '?'} (${c.message ?? 'conflict'})`)
      .join(', ');
    log(`${describe(o)}: taking over fields another manager changed: ${causes || err.message}`);
    return rest.patch(item, body, PATCH.apply, { fieldManager: FIELD_MANAGER, force: true });
  }
}
