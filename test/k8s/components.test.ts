// The overlays and components do what docs/k8s.md says: registry image on EKS, monitoring
// sidecar + ServiceMonitor + Grafana dashboard, and the render commands in the docs are the
// ones these tests run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT, containerNamed, deployment, envOf, get, renderAll, renderCommand } from './kustomize.js';
import type { K8sObject } from './kustomize.js';
import { imageUser, locustPin } from './images.js';

async function rendering(name: string): Promise<readonly K8sObject[]> {
  const found = (await renderAll()).find((r) => r.name === name);
  assert.ok(found, name);
  return found.objects;
}

const DEFAULT_IMAGE = [
  'k8s/base',
  'k8s/overlays/local',
  'k8s/overlays/eks',
  'local + monitoring',
  'eks + monitoring + eks-internal-nlb',
  'local + matrix-job',
];
const RUNTIME_IMAGE = ['local + runtime-image', 'eks + monitoring + eks-internal-nlb + runtime-image', 'eks + every component'];

test('by default master and workers run the official Locust image at the pinned version, no build needed', async () => {
  const pin = locustPin();
  for (const name of DEFAULT_IMAGE) {
    const objects = await rendering(name);
    for (const d of ['ltop-master', 'ltop-worker']) {
      const c = containerNamed(deployment(objects, d), 'locust');
      assert.equal(c.image, `locustio/locust:${pin}`, `${name}: ${d}`);
      assert.equal(c.imagePullPolicy, 'IfNotPresent', 'a pinned tag needs no pull on every start');
    }
  }
});

test('components/runtime-image switches to the runtime image and its user, and changes nothing else', async () => {
  const pin = locustPin();
  const plain = await rendering('k8s/overlays/local');
  for (const name of RUNTIME_IMAGE) {
    const objects = await rendering(name);
    for (const d of ['ltop-master', 'ltop-worker']) {
      const pod = deployment(objects, d).spec.template.spec;
      const c = containerNamed(deployment(objects, d), 'locust');
      assert.equal(c.image, `ltop-runtime:${pin}`, `${name}: ${d} runs the runtime image tagged with the Locust pin`);
      const user = imageUser(c.image);
      assert.deepEqual([pod.securityContext?.runAsUser, pod.securityContext?.runAsGroup, pod.securityContext?.fsGroup], [user?.uid, user?.gid, user?.gid]);
      assert.deepEqual([c.securityContext?.runAsUser, c.securityContext?.runAsGroup], [user?.uid, user?.gid]);
      const official = containerNamed(deployment(plain, d), 'locust');
      assert.deepEqual([c.command, c.args, c.env, c.envFrom], [official.command, official.args, official.env, official.envFrom], 'same start');
      assert.deepEqual(
        pod.volumes?.map((v) => v.name),
        deployment(plain, d).spec.template.spec.volumes?.map((v) => v.name),
        'plugin and scenarios still from the ConfigMaps',
      );
    }
  }
});

interface ServiceMonitor extends K8sObject {
  spec: {
    namespaceSelector: { matchNames: string[] };
    selector: { matchLabels: Record<string, string> };
    endpoints: { port: string; path?: string; interval?: string }[];
  };
}
interface Service extends K8sObject {
  spec: { selector: Record<string, string>; ports: { name: string; port: number; targetPort: number | string }[] };
}

// What containersol/locust_exporter v0.5.x serves (namespace "locust").
const EXPORTER_METRICS = new Set([
  'locust_up',
  'locust_users',
  'locust_running',
  'locust_workers_count',
  'locust_workers_running_count',
  'locust_workers_hatching_count',
  'locust_workers_missing_count',
  'locust_requests_current_rps',
  'locust_requests_current_fail_per_sec',
  'locust_requests_num_requests',
  'locust_requests_num_failures',
  'locust_requests_fail_ratio',
  'locust_requests_current_response_time_percentile_50',
  'locust_requests_current_response_time_percentile_95',
  'locust_requests_avg_response_time',
  'locust_requests_median_response_time',
]);

test('monitoring adds the exporter next to the master, scraped through a ServiceMonitor', async () => {
  for (const name of ['local + monitoring', 'eks + monitoring + eks-internal-nlb']) {
    const objects = await rendering(name);
    const master = deployment(objects, 'ltop-master');
    const containers = master.spec.template.spec.containers.map((c) => c.name);
    assert.deepEqual(containers, ['locust', 'locust-exporter'], `${name}: locust stays the first container`);
    const exporter = containerNamed(master, 'locust-exporter');
    assert.equal(envOf(exporter)['LOCUST_EXPORTER_URI'], 'http://localhost:8089', 'reads the master in the same pod');
    assert.equal(exporter.readinessProbe, undefined, 'the exporter never makes the master unready');
    const metricsPort = exporter.ports?.find((p) => p.name === 'metrics');
    assert.equal(metricsPort?.containerPort, 9646);
    // The workers' pods get no sidecar.
    assert.deepEqual(
      deployment(objects, 'ltop-worker').spec.template.spec.containers.map((c) => c.name),
      ['locust'],
    );

    const monitors = objects.filter((o): o is ServiceMonitor => o.kind === 'ServiceMonitor');
    assert.equal(monitors.length, 1);
    const sm = monitors[0];
    assert.ok(sm);
    assert.equal(sm.apiVersion, 'monitoring.coreos.com/v1');
    assert.deepEqual(sm.spec.namespaceSelector.matchNames, ['ltop']);
    const scraped = objects.filter(
      (o): o is Service =>
        o.kind === 'Service' && Object.entries(sm.spec.selector.matchLabels).every(([k, v]) => o.metadata.labels?.[k] === v),
    );
    assert.deepEqual(
      scraped.map((s) => s.metadata.name),
      ['ltop-metrics'],
      'the ServiceMonitor selects the metrics Service only',
    );
    const svc = scraped[0];
    assert.ok(svc);
    for (const endpoint of sm.spec.endpoints) {
      const servicePort: Service['spec']['ports'][number] | undefined = svc.spec.ports.find((p) => p.name === endpoint.port);
      assert.ok(servicePort, `Service ltop-metrics has the port ${endpoint.port}`);
      assert.equal(servicePort.targetPort, 'metrics');
    }
    for (const [k, v] of Object.entries(svc.spec.selector)) assert.equal(master.spec.template.metadata.labels[k], v);
  }
});

interface Panel {
  title: string;
  type: string;
  targets?: { expr: string }[];
}

test('the Grafana dashboard ConfigMap charts RPS, failures, p50/p95, users and workers', async () => {
  const objects = await rendering('local + monitoring');
  const cm = get(objects, 'ConfigMap', 'ltop-grafana-dashboard') as K8sObject & { data: Record<string, string> };
  assert.equal(cm.metadata.labels?.['grafana_dashboard'], '1', 'picked up by the Grafana dashboard sidecar');
  const files = Object.keys(cm.data);
  assert.deepEqual(files, ['ltop-locust.json']);
  const dashboard = JSON.parse(cm.data['ltop-locust.json'] ?? '') as { uid: string; title: string; panels: Panel[] };
  assert.equal(dashboard.uid, 'ltop-locust');
  const charts = dashboard.panels.filter((p) => p.type === 'timeseries');
  const exprs = (re: RegExp): string[] =>
    charts.filter((p) => re.test(p.title)).flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  const uses = (re: RegExp, metric: string): void => {
    assert.ok(
      exprs(re).some((e) => e.includes(metric)),
      `a chart titled ${String(re)} plots ${metric}`,
    );
  };
  uses(/requests\/s/i, 'locust_requests_current_rps');
  uses(/failures/i, 'locust_requests_current_fail_per_sec');
  uses(/p50/i, 'locust_requests_current_response_time_percentile_50');
  uses(/p95/i, 'locust_requests_current_response_time_percentile_95');
  uses(/users/i, 'locust_users');
  uses(/workers/i, 'locust_workers_count');

  for (const panel of dashboard.panels) {
    for (const t of panel.targets ?? []) {
      for (const metric of t.expr.match(/\blocust_[a-z0-9_]+/g) ?? []) {
        assert.ok(EXPORTER_METRICS.has(metric), `${panel.title}: ${metric} is served by the exporter`);
      }
    }
  }
});

test('docs/k8s.md gives the exact render command of every overlay', async () => {
  const doc = await readFile(join(REPO_ROOT, 'docs', 'k8s.md'), 'utf8');
  for (const overlay of ['k8s/overlays/local', 'k8s/overlays/eks']) {
    assert.ok(doc.includes(renderCommand(overlay)), `docs/k8s.md contains: ${renderCommand(overlay)}`);
  }
});
