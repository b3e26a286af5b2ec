// Render the overlay with the chosen scenario and server-side apply it, object by object.

import type { KubeConnection } from './config.js';
import { Discovery, describe, serverSideApply } from './apply.js';
import { SCENARIO_KEY, SETTINGS } from './names.js';
import type { KubeObject } from './rest.js';
import { applyOrder, renderOverlay, retarget } from './render.js';

export async function renderFor(conn: KubeConnection, discovery: Discovery, overlayDir: string, kubectl?: string): Promise<KubeObject[]> {
  const rendered = await renderOverlay(overlayDir, kubectl);
  const namespaced = new Map<KubeObject, boolean>();
  for (const o of rendered) namespaced.set(o, await discovery.isNamespaced(o));
  return retarget(rendered, conn.namespace, (o) => namespaced.get(o) ?? true).sort((a, b) => applyOrder(a) - applyOrder(b));
}

export function withScenario(objects: readonly KubeObject[], scenario: string): KubeObject[] {
  return objects.map((o) =>
    o.kind === 'ConfigMap' && o.metadata?.name === SETTINGS ? { ...o, data: { ...((o.data ?? {}) as Record<string, string>), [SCENARIO_KEY]: scenario } } : o,
  );
}

export async function applyAll(conn: KubeConnection, discovery: Discovery, objects: readonly KubeObject[], log: (line: string) => void): Promise<void> {
  for (const o of objects) {
    await serverSideApply(conn.rest, discovery, o, log);
    log(`applied ${describe(o)} (server-side, field manager ltop)`);
  }
}
