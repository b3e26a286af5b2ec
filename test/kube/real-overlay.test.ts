// The kube platform with the project's own overlay (k8s/overlays/local): every kind in it is
// applied server-side and torn down again, the master's web API answers through the port-forward.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { createKubePlatform } from '../../src/platforms/kube/index.js';
import type { Platform, PlatformEvent } from '../../src/platforms/platform.js';
import { RESOURCES } from '../support/kube-api/resources.js';
import { type Cluster, startCluster, waitFor } from './helpers.js';
import { type LocustMaster, startLocustMaster } from './locust.js';

const def = (kind: string) => RESOURCES.find((d) => d.kind === kind)!;
const OVERLAY = join(new URL('../../', import.meta.url).pathname, 'k8s/overlays/local');

describe('kube platform with k8s/overlays/local', () => {
  let c: Cluster;
  let locust: LocustMaster;
  let platform: Platform | undefined;
  before(async () => {
    locust = await startLocustMaster();
    c = await startCluster({ portTarget: (_ns, pod, port) => (pod.startsWith('ltop-master-') && port === 8089 ? { host: '127.0.0.1', port: locust.webPort } : undefined) });
  });
  after(async () => {
    await platform?.detach();
    await c?.close();
    await locust?.stop();
  });

  it('deploys every object of the overlay and tears all of them down', async () => {
    const rendered = parseAllDocuments(execFileSync('/usr/bin/kubectl', ['kustomize', OVERLAY], { encoding: 'utf8' }))
      .map((d) => d.toJSON() as { kind: string; metadata: { name: string } })
      .map((o) => `${o.kind}/${o.metadata.name}`)
      .sort();
    const events: PlatformEvent[] = [];
    platform = createKubePlatform({ kubeconfigPath: c.kubeconfig, overlayDir: OVERLAY, readyTimeoutMs: 15_000 }, (e) => events.push(e));
    const ep = await platform.start({ kind: 'bundled', name: 'httpbin' });
    assert.equal((await fetch(`${ep.masterUrl}/stats/requests`)).status, 200);
    const applied = c.server.requests.filter((r) => r.method === 'PATCH' && r.query.fieldManager === 'ltop').length;
    assert.equal(applied, rendered.length, `applied ${applied} of ${rendered.length}: ${rendered.join(', ')}`);
    const settings = c.server.store.get(def('ConfigMap'), 'ltop', 'ltop-settings');
    assert.equal((settings!.data as Record<string, string>).LOCUST_SCENARIO, 'httpbin');
    assert.ok(ep.expectedWorkers >= 1);
    await platform.teardown();
    const deleted = c.server.requests.filter((r) => r.method === 'DELETE').length;
    assert.equal(deleted, rendered.length);
    await waitFor('nothing left', () => RESOURCES.every((d) => d.kind === 'Event' || c.server.store.list(d).length === 0));
  });
});
