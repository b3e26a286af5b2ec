// Scenario switch: the settings ConfigMap names the scenario; a restartedAt annotation on both
// pod templates (what kubectl rollout restart does) rolls master and workers onto it.

import type { KubeConnection } from './config.js';
import { FIELD_MANAGER, MASTER, RESTARTED_AT, SCENARIO_KEY, SETTINGS, WORKER } from './names.js';
import { type KubeObject, PATCH, paths } from './rest.js';

export async function currentSettings(conn: KubeConnection): Promise<Record<string, string>> {
  const cm = await conn.rest.find(paths.configMap(conn.namespace, SETTINGS));
  return (cm?.data ?? {}) as Record<string, string>;
}

/** Returns the patched deployments (their generation tells when the rollout was observed). */
export async function switchScenario(conn: KubeConnection, scenario: string, now = new Date()): Promise<KubeObject[]> {
  const ns = conn.namespace;
  await conn.rest.patch(paths.configMap(ns, SETTINGS), { data: { [SCENARIO_KEY]: scenario } }, PATCH.merge, { fieldManager: FIELD_MANAGER });
  const restart = { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: now.toISOString() } } } } };
  const out: KubeObject[] = [];
  for (const name of [MASTER, WORKER]) {
    out.push(await conn.rest.patch(paths.deployment(ns, name), restart, PATCH.strategic, { fieldManager: FIELD_MANAGER }));
  }
  return out;
}
