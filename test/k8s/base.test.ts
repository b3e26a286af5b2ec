// The contract between k8s/base and the rest of ltop: the names the kube platform looks
// objects up by, the container contract of the runtime image, and the scenario ConfigMaps.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm, appendFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import {
  REPO_ROOT,
  RENDER_ARGS,
  containerNamed,
  deployment,
  envOf,
  get,
  hasWorkerHpa,
  parseObjects,
  render,
  renderAll,
} from './kustomize.js';
import type { Deployment, K8sObject } from './kustomize.js';

const COMMON_LABELS = {
  'app.kubernetes.io/name': 'ltop',
  'app.kubernetes.io/part-of': 'ltop',
  'app.kubernetes.io/managed-by': 'ltop',
};
const CLUSTER_SCOPED = new Set(['Namespace']);

interface ConfigMap extends K8sObject {
  data?: Record<string, string>;
}

function configMapByPrefix(objects: readonly K8sObject[], prefix: string): ConfigMap {
  const matches = objects.filter((o) => o.kind === 'ConfigMap' && new RegExp(`^${prefix}-[a-z0-9]{10}$`).test(o.metadata.name));
  assert.equal(matches.length, 1, `exactly one ConfigMap ${prefix}-<hash>, got ${matches.map((m) => m.metadata.name).join(', ')}`);
  return matches[0] as ConfigMap;
}

async function scenarioFiles(): Promise<string[]> {
  return (await readdir(join(REPO_ROOT, 'scenarios'))).filter((f) => f.endsWith('.py')).sort();
}

test('every rendering is one namespace of uniquely named, consistently labelled objects', async () => {
  for (const { name, objects } of await renderAll()) {
    assert.ok(objects.length > 0, `${name}: renders objects`);
    const ids = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], `${name}: no duplicate objects`);
    for (const o of objects) {
      const id = `${name}: ${o.kind}/${o.metadata.name}`;
      if (CLUSTER_SCOPED.has(o.kind)) assert.equal(o.metadata.namespace, undefined, id);
      else assert.equal(o.metadata.namespace, 'ltop', `${id} is in namespace ltop`);
      for (const [k, v] of Object.entries(COMMON_LABELS)) assert.equal(o.metadata.labels?.[k], v, `${id} has label ${k}`);
    }
  }
});

test('base has the objects the kube platform finds by name', async () => {
  const objects = await render('k8s/base');
  get(objects, 'Namespace', 'ltop');
  get(objects, 'ServiceAccount', 'ltop');
  get(objects, 'PodDisruptionBudget', 'ltop-master');
  get(objects, 'HorizontalPodAutoscaler', 'ltop-worker');
  const master = deployment(objects, 'ltop-master');
  const worker = deployment(objects, 'ltop-worker');
  assert.equal(master.metadata.labels?.['app.kubernetes.io/component'], 'master');
  assert.equal(worker.metadata.labels?.['app.kubernetes.io/component'], 'worker');
  assert.equal(master.spec.replicas, 1);
  assert.equal(worker.spec.replicas, 3);
  for (const d of [master, worker]) {
    const labels = d.spec.template.metadata.labels;
    for (const [k, v] of Object.entries({ ...COMMON_LABELS, ...d.spec.selector.matchLabels })) {
      assert.equal(labels[k], v, `${d.metadata.name} pods carry ${k}=${v}`);
    }
    assert.equal(d.spec.template.spec.serviceAccountName, 'ltop');
  }
  // Selectors of the two Deployments must not overlap, or each would adopt the other's pods.
  assert.notDeepEqual(master.spec.selector.matchLabels, worker.spec.selector.matchLabels);

  const svc = get(objects, 'Service', 'ltop-master') as K8sObject & {
    spec: { type: string; selector: Record<string, string>; ports: { name: string; port: number; targetPort: string | number }[] };
  };
  assert.equal(svc.spec.type, 'ClusterIP');
  assert.deepEqual(
    svc.spec.ports.map((p) => [p.name, p.port]),
    [
      ['web', 8089],
      ['workers', 5557],
    ],
  );
  for (const [k, v] of Object.entries(svc.spec.selector)) {
    assert.equal(master.spec.template.metadata.labels[k], v, 'Service selects the master pods');
    if (k === 'app.kubernetes.io/component') assert.notEqual(worker.spec.template.metadata.labels[k], v);
  }
  const containerPorts = new Map((containerNamed(master, 'locust').ports ?? []).map((p) => [p.name, p.containerPort]));
  for (const p of svc.spec.ports) {
    const target = typeof p.targetPort === 'number' ? p.targetPort : containerPorts.get(p.targetPort);
    assert.equal(target, p.port, `Service port ${p.name} reaches the container port ${p.port}`);
  }
});

test('master and workers run Locust from the mounted selector, as master and as worker of ltop-master', async () => {
  const objects = await render('k8s/base');
  const m = containerNamed(deployment(objects, 'ltop-master'), 'locust');
  const w = containerNamed(deployment(objects, 'ltop-worker'), 'locust');
  for (const c of [m, w]) {
    assert.deepEqual(c.command, ['locust'], 'the official image\'s ENTRYPOINT, stated so that any image starts the same way');
    assert.ok(c.args?.includes('--locustfile=/opt/ltop/scenarios/locustfile.py'), 'the selector from the scenarios ConfigMap');
    assert.deepEqual(c.envFrom, [{ configMapRef: { name: 'ltop-settings' } }]);
    const env = envOf(c);
    assert.equal(env['PYTHONPATH'], '/opt/ltop/runtime', 'the plugin from the runtime ConfigMap is importable');
    assert.equal(env['PYTHONDONTWRITEBYTECODE'], '1');
    assert.equal(env['HOME'], '/tmp', 'a writable home on a read-only root filesystem');
  }
  assert.deepEqual(m.args?.slice(1), ['--master', '--master-bind-port=5557', '--enable-rebalancing', '--web-host=0.0.0.0', '--web-port=8089']);
  assert.deepEqual(w.args?.slice(1), ['--worker', '--master-host=ltop-master', '--master-port=5557']);
  assert.equal(deployment(objects, 'ltop-master').spec.template.metadata.annotations?.['kubectl.kubernetes.io/default-container'], 'locust');
});

test('ltop-settings has no hash suffix, carries the defaults and feeds both Deployments', async () => {
  const objects = await render('k8s/base');
  const settings = get(objects, 'ConfigMap', 'ltop-settings') as ConfigMap;
  const data = settings.data ?? {};
  assert.equal(data['LOCUST_SCENARIO'], 'jsonplaceholder');
  assert.equal(data['LTOP_LOG_FORMAT'], 'json');
  assert.match(data['LOCUST_HOST'] ?? '', /^https?:\/\/[^/]+/);
  const scenarios = await scenarioFiles();
  if (scenarios.length > 0) {
    assert.ok(scenarios.includes(`${data['LOCUST_SCENARIO'] ?? ''}.py`), 'the default scenario is one of scenarios/*.py');
  }
});

test('the scenario and plugin ConfigMaps hold exactly the repo files, mounted where the runtime looks', async () => {
  const objects = await render('k8s/base');
  const scenarios = configMapByPrefix(objects, 'ltop-scenarios');
  const runtime = configMapByPrefix(objects, 'ltop-runtime');

  const files = await scenarioFiles();
  assert.deepEqual(
    Object.keys(scenarios.data ?? {}).sort(),
    files,
    'every scenarios/*.py is listed in scenarios/kustomization.yaml (configMapGenerator ltop-scenarios), and nothing else',
  );
  for (const f of files) {
    assert.equal(scenarios.data?.[f], await readFile(join(REPO_ROOT, 'scenarios', f), 'utf8'), `${f} is byte-identical`);
  }
  // Mounted over the image's /opt/ltop/runtime, so it carries every runtime/*.py the image has.
  const runtimeFiles = (await readdir(join(REPO_ROOT, 'runtime'))).filter((f) => f.endsWith('.py')).sort();
  assert.ok(runtimeFiles.includes('ltop_plugin.py'));
  assert.deepEqual(Object.keys(runtime.data ?? {}).sort(), runtimeFiles, 'every runtime/*.py is listed in runtime/kustomization.yaml (ltop-runtime)');
  for (const f of runtimeFiles) {
    assert.equal(runtime.data?.[f], await readFile(join(REPO_ROOT, 'runtime', f), 'utf8'), `${f} is byte-identical`);
  }

  for (const name of ['ltop-master', 'ltop-worker']) {
    const d = deployment(objects, name);
    const volumes = new Map((d.spec.template.spec.volumes ?? []).map((v) => [v.name, v]));
    const mounts = new Map((containerNamed(d, 'locust').volumeMounts ?? []).map((m) => [m.mountPath, m]));
    const at = (path: string): string | undefined => {
      const m = mounts.get(path);
      return m === undefined ? undefined : volumes.get(m.name)?.configMap?.name;
    };
    assert.equal(at('/opt/ltop/scenarios'), scenarios.metadata.name, `${name} mounts the scenarios`);
    assert.equal(at('/opt/ltop/runtime'), runtime.metadata.name, `${name} mounts the plugin`);
    assert.equal(mounts.get('/opt/ltop/scenarios')?.readOnly, true);
    assert.equal(mounts.get('/opt/ltop/runtime')?.readOnly, true);
  }
});

test('editing a scenario renames its ConfigMap, so the next apply rolls master and workers', async () => {
  const copy = await mkdtemp(join(tmpdir(), 'ltop-k8s-edit-'));
  try {
    for (const dir of ['k8s', 'scenarios', 'runtime']) await cp(join(REPO_ROOT, dir), join(copy, dir), { recursive: true });
    const renderCopy = async (): Promise<K8sObject[]> =>
      parseObjects((await execa('kubectl', [...RENDER_ARGS, 'k8s/overlays/local'], { cwd: copy })).stdout);
    const before = await renderCopy();
    const [first] = (await readdir(join(copy, 'scenarios'))).filter((f) => f.endsWith('.py')).sort();
    // Without any scenario file the plugin stands in: editing it must roll the pods too.
    const edited = first === undefined ? join(copy, 'runtime', 'ltop_plugin.py') : join(copy, 'scenarios', first);
    await appendFile(edited, '\n# edited\n');
    const after = await renderCopy();

    const volumeNames = (objects: readonly K8sObject[], d: string): string[] =>
      (deployment(objects, d).spec.template.spec.volumes ?? []).flatMap((v) => (v.configMap ? [v.configMap.name] : [])).sort();
    for (const d of ['ltop-master', 'ltop-worker']) {
      assert.notDeepEqual(volumeNames(after, d), volumeNames(before, d), `${d}'s pod template changes`);
    }
    // The settings ConfigMap keeps its name: the platform patches it in place.
    get(after, 'ConfigMap', 'ltop-settings');
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
});

test('every shipped overlay keeps the base contract', async () => {
  for (const { name, objects } of await renderAll()) {
    const byName = (d: string): Deployment => deployment(objects, d);
    assert.equal(containerNamed(byName('ltop-master'), 'locust').envFrom?.[0]?.configMapRef?.name, 'ltop-settings', name);
    assert.equal(containerNamed(byName('ltop-worker'), 'locust').envFrom?.[0]?.configMapRef?.name, 'ltop-settings', name);
    get(objects, 'Service', 'ltop-master');
    get(objects, 'ConfigMap', 'ltop-settings');
    if (hasWorkerHpa(name)) get(objects, 'HorizontalPodAutoscaler', 'ltop-worker');
  }
});

test('an overlay of your own adds a scenario to ltop-scenarios without touching this repository', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ltop-k8s-own-'));
  try {
    await writeFile(join(dir, 'checkout.py'), 'from locust import HttpUser, task\n');
    const base = relative(dir, join(REPO_ROOT, 'k8s', 'overlays', 'local'));
    await writeFile(
      join(dir, 'kustomization.yaml'),
      `resources: [${base}]\nconfigMapGenerator:\n  - name: ltop-scenarios\n    namespace: ltop\n    behavior: merge\n    files: [checkout.py]\n`,
    );
    const objects = await render(dir);
    const scenarios = configMapByPrefix(objects, 'ltop-scenarios');
    assert.ok(scenarios.data?.['checkout.py'], 'the merged file is in the ConfigMap');
    assert.ok(scenarios.data?.['jsonplaceholder.py'], 'next to the bundled ones');
    const mounted = deployment(objects, 'ltop-worker').spec.template.spec.volumes?.find((v) => v.name === 'scenarios')?.configMap?.name;
    assert.equal(mounted, scenarios.metadata.name, 'the workers mount the merged ConfigMap');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
