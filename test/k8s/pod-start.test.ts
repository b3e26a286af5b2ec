// The pods' own start, run for real: the master's and a worker's command, args and environment
// exactly as k8s/overlays/local renders them, with the ConfigMaps' files laid out where the pods
// mount them, run by the pinned Locust (the one the local platform runs). Only what a pod's
// network gives (the Service name, fixed ports) is mapped to loopback and free ports.
// This is what the official image does with the manifests: its ENTRYPOINT is `locust`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findLocust } from '../../src/platforms/local/locust-binary.js';
import { waitFor } from '../../src/util/wait.js';
import { ProcessGroup, freePort, tempDir } from '../runtime/locust-harness.js';
import { containerNamed, deployment, get, render } from './kustomize.js';
import type { Container, K8sObject } from './kustomize.js';

interface ConfigMap extends K8sObject {
  data?: Record<string, string>;
}

/** Writes each ConfigMap volume's files under root + mountPath, as the kubelet would. */
async function mountConfigMaps(objects: readonly K8sObject[], d: string, root: string): Promise<void> {
  const pod = deployment(objects, d).spec.template.spec;
  for (const m of containerNamed(deployment(objects, d), 'locust').volumeMounts ?? []) {
    const cmName = pod.volumes?.find((v) => v.name === m.name)?.configMap?.name;
    if (cmName === undefined) continue;
    const cm = get(objects, 'ConfigMap', cmName) as ConfigMap;
    await mkdir(join(root, m.mountPath), { recursive: true });
    for (const [file, text] of Object.entries(cm.data ?? {})) await writeFile(join(root, m.mountPath, file), text);
  }
}

function podEnv(objects: readonly K8sObject[], c: Container, root: string, host: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
  for (const from of c.envFrom ?? []) {
    const cm = get(objects, 'ConfigMap', from.configMapRef?.name ?? '') as ConfigMap;
    Object.assign(env, cm.data);
  }
  for (const e of c.env ?? []) env[e.name] = (e.value ?? '').replace(/^\/opt\/ltop/, `${root}/opt/ltop`);
  env['LOCUST_HOST'] = host;
  return env;
}

test('the rendered master and worker start the pinned Locust with the mounted plugin and scenarios', { timeout: 60_000 }, async () => {
  const objects = await render('k8s/overlays/local');
  const dir = tempDir('ltop-k8s-pod-');
  const group = new ProcessGroup();
  try {
    for (const d of ['ltop-master', 'ltop-worker']) await mountConfigMaps(objects, d, dir.path);
    const [web, zmq] = [await freePort(), await freePort()];
    const toLocal = (args: readonly string[]): string[] =>
      args.map((a) =>
        a
          .replace('/opt/ltop/', `${dir.path}/opt/ltop/`)
          .replace(/^--web-port=8089$/, `--web-port=${web}`)
          .replace(/^--web-host=0\.0\.0\.0$/, '--web-host=127.0.0.1')
          .replace(/^--master-(bind-)?port=5557$/, (_m, bind: string | undefined) => `--master-${bind ?? ''}port=${zmq}`)
          .replace(/^--master-host=ltop-master$/, '--master-host=127.0.0.1'),
      );
    const locust = findLocust();
    const start = (d: string) => {
      const c = containerNamed(deployment(objects, d), 'locust');
      assert.deepEqual(c.command, ['locust'], `${d} runs locust, the official image's ENTRYPOINT`);
      return group.start(d, locust, toLocal(c.args ?? []), podEnv(objects, c, dir.path, 'http://127.0.0.1:9'), dir.path);
    };
    const master = start('ltop-master');
    await master.waitFor(/Starting web interface|Starting Locust/, 20_000);
    const worker = start('ltop-worker');
    const workers = await waitFor(
      async () => {
        const r = await fetch(`http://127.0.0.1:${web}/stats/requests`).catch(() => undefined);
        const body = r?.ok ? ((await r.json()) as { workers?: { state: string }[] }) : undefined;
        return body?.workers?.length === 1 ? body.workers : undefined;
      },
      { timeoutMs: 20_000, what: 'the worker connected to the master' },
    );
    assert.equal(workers[0]?.state, 'ready');
    // LTOP_LOG_FORMAT=json from ltop-settings reaches the plugin from the runtime ConfigMap, and the
    // selector runs the scenario ltop-settings names.
    await worker.waitFor(/"role": ?"worker"/, 10_000);
    assert.match(master.output(), /"scenario": ?"jsonplaceholder"/);
    master.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    await group.exitOf(master, 15_000);
    await group.exitOf(worker, 15_000);
  } finally {
    await group.stopAll();
    dir.remove();
  }
});
