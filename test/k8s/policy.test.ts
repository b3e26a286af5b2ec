// Policies every rendering must keep: what Pod Security `restricted`, a cluster operator and
// the person running the test rely on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allContainers, containerNamed, deployment, get, hasWorkerHpa, podTemplates, renderAll } from './kustomize.js';
import type { K8sObject, Probe } from './kustomize.js';
import { imageUser, locustPin, ltopVersion } from './images.js';

test('the namespace enforces Pod Security "restricted"', async () => {
  for (const { name, objects } of await renderAll()) {
    const labels = get(objects, 'Namespace', 'ltop').metadata.labels ?? {};
    for (const mode of ['enforce', 'warn', 'audit']) {
      assert.equal(labels[`pod-security.kubernetes.io/${mode}`], 'restricted', `${name}: ${mode}`);
    }
  }
});

/** ServiceAccounts some RoleBinding in the rendering grants rights to. */
function boundServiceAccounts(objects: readonly K8sObject[]): Set<string> {
  return new Set(
    objects
      .filter((o) => o.kind === 'RoleBinding')
      .flatMap((o) => ((o['subjects'] as { kind: string; name: string }[] | undefined) ?? []).filter((s) => s.kind === 'ServiceAccount').map((s) => s.name)),
  );
}

test('every pod and every container runs with the restricted securityContext', async () => {
  for (const { name, objects } of await renderAll()) {
    const bound = boundServiceAccounts(objects);
    for (const t of podTemplates(objects)) {
      const id = `${name}: ${t.owner}`;
      const pod = t.spec;
      assert.equal(pod.securityContext?.runAsNonRoot, true, `${id} pod runAsNonRoot`);
      // The pod's user is the one its main image was built for (files it owns, its home).
      const first = pod.containers[0];
      const user = first ? imageUser(first.image) : undefined;
      assert.ok(user, `${id}: ${first?.image ?? 'no container'} has a known user (test/k8s/images.ts)`);
      assert.equal(pod.securityContext?.runAsUser, user.uid, `${id} pod runAsUser = ${first?.image ?? ''}'s uid`);
      assert.equal(pod.securityContext?.runAsGroup, user.gid, `${id} pod runAsGroup = ${first?.image ?? ''}'s gid`);
      assert.equal(pod.securityContext?.seccompProfile?.type, 'RuntimeDefault', `${id} pod seccomp`);
      // Only a pod whose ServiceAccount a RoleBinding gives rights to mounts a token (ltop's Job).
      assert.equal(pod.automountServiceAccountToken, bound.has(pod.serviceAccountName ?? 'default'), `${id} mounts an API token only if it needs one`);
      assert.equal((pod as { hostNetwork?: boolean }).hostNetwork, undefined, `${id} hostNetwork`);

      const tmp = (pod.volumes ?? []).find((v) => v.name === 'tmp');
      assert.ok(tmp?.emptyDir, `${id} has an emptyDir for /tmp`);
      for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
        const cid = `${id} container ${c.name}`;
        const sc = c.securityContext;
        assert.equal(sc?.allowPrivilegeEscalation, false, `${cid} allowPrivilegeEscalation`);
        assert.equal(sc?.readOnlyRootFilesystem, true, `${cid} readOnlyRootFilesystem`);
        assert.equal(sc?.runAsNonRoot, true, `${cid} runAsNonRoot`);
        assert.notEqual(sc?.privileged, true, `${cid} privileged`);
        assert.deepEqual(sc?.capabilities?.drop, ['ALL'], `${cid} drops all capabilities`);
        assert.deepEqual(sc?.capabilities?.add ?? [], [], `${cid} adds no capability`);
        assert.equal(sc?.seccompProfile?.type, 'RuntimeDefault', `${cid} seccomp`);
        if (sc?.runAsUser !== undefined) assert.notEqual(sc.runAsUser, 0, `${cid} not root`);
        const own = imageUser(c.image);
        if (own) assert.equal(sc?.runAsUser ?? pod.securityContext?.runAsUser, own.uid, `${cid} runs as ${c.image}'s uid`);
      }
      const main = pod.containers[0];
      assert.ok(
        (main?.volumeMounts ?? []).some((m) => m.name === 'tmp' && m.mountPath === '/tmp'),
        `${id}: /tmp is writable (read-only root filesystem)`,
      );
    }
  }
});

const QUANTITY = /^\d+(\.\d+)?(m|Ki|Mi|Gi)?$/;
const toNumber = (q: string): number => {
  const units: Record<string, number> = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(q);
  return Number(m?.[1]) * (units[m?.[2] ?? ''] ?? 1);
};

test('every container has CPU and memory requests and limits, requests <= limits', async () => {
  for (const { name, objects } of await renderAll()) {
    for (const { owner, container } of allContainers(objects)) {
      const id = `${name}: ${owner} container ${container.name}`;
      for (const kind of ['requests', 'limits'] as const) {
        for (const resource of ['cpu', 'memory']) {
          const q = container.resources?.[kind]?.[resource];
          assert.ok(q !== undefined && QUANTITY.test(q), `${id} ${kind}.${resource} = ${String(q)}`);
        }
      }
      for (const resource of ['cpu', 'memory']) {
        const req = toNumber(container.resources?.requests?.[resource] ?? '');
        const lim = toNumber(container.resources?.limits?.[resource] ?? '');
        assert.ok(req <= lim, `${id} ${resource} request ${String(req)} <= limit ${String(lim)}`);
      }
    }
  }
});

test('every image is pinned to an explicit version, never latest', async () => {
  const seen = new Set<string>();
  for (const { name, objects } of await renderAll()) {
    for (const { owner, container } of allContainers(objects)) {
      const image = container.image;
      seen.add(image);
      const id = `${name}: ${owner} container ${container.name} image ${image}`;
      const digest = /@sha256:[a-f0-9]{64}$/.test(image);
      const tag = /:([\w][\w.-]{0,127})$/.exec(image.replace(/@sha256:.*$/, ''))?.[1];
      assert.ok(digest || tag !== undefined, `${id} has a tag or digest`);
      assert.notEqual(tag, 'latest', `${id} is not latest`);
      assert.ok(digest || /\d/.test(tag ?? ''), `${id} tag names a version`);
      assert.notEqual(container.imagePullPolicy, 'Always', `${id}: a pinned image needs no pull on every start`);
    }
  }
  assert.ok(seen.has(`locustio/locust:${locustPin()}`), 'base/local/eks run the official Locust image, pinned');
  assert.ok(seen.has(`ltop-runtime:${locustPin()}`), 'components/runtime-image runs the runtime image');
  assert.ok([...seen].some((i) => i.startsWith('docker.io/containersol/locust_exporter:v')), 'monitoring uses the exporter');
  assert.ok(seen.has(`ltop:${ltopVersion()}`), 'matrix-job runs the ltop image at ltop\'s version');
});

interface Hpa extends K8sObject {
  spec: {
    scaleTargetRef: { apiVersion: string; kind: string; name: string };
    minReplicas: number;
    maxReplicas: number;
    metrics: { type: string; resource?: { name: string; target: { type: string; averageUtilization?: number } } }[];
    behavior: Record<
      'scaleUp' | 'scaleDown',
      { stabilizationWindowSeconds?: number; selectPolicy?: string; policies: { type: string; value: number; periodSeconds: number }[] }
    >;
  };
}

test('the HPA scales the worker Deployment on CPU 70% / memory 80%, up fast and down slowly', async () => {
  for (const { name, objects } of await renderAll()) {
    if (!hasWorkerHpa(name)) {
      assert.equal(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').length, 0, `${name}: a sweep owns the worker count`);
      continue;
    }
    const hpa = get(objects, 'HorizontalPodAutoscaler', 'ltop-worker') as Hpa;
    assert.equal(hpa.apiVersion, 'autoscaling/v2');
    assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ltop-worker' }, name);
    deployment(objects, 'ltop-worker'); // the target exists in the same rendering
    assert.equal(hpa.spec.minReplicas, 3);
    assert.equal(hpa.spec.maxReplicas, 20);
    const targets = Object.fromEntries(
      hpa.spec.metrics.map((m) => [m.resource?.name, [m.type, m.resource?.target.type, m.resource?.target.averageUtilization]]),
    );
    assert.deepEqual(targets, { cpu: ['Resource', 'Utilization', 70], memory: ['Resource', 'Utilization', 80] });

    const up = hpa.spec.behavior.scaleUp;
    assert.equal(up.selectPolicy ?? 'Max', 'Max', 'the larger of the two scale-up steps wins');
    assert.deepEqual(
      up.policies.map((p) => [p.type, p.value, p.periodSeconds]).sort(),
      [
        ['Percent', 50, 60],
        ['Pods', 2, 60],
      ],
    );
    const down = hpa.spec.behavior.scaleDown;
    assert.equal(down.stabilizationWindowSeconds, 300);
    assert.deepEqual(
      down.policies.map((p) => [p.type, p.value, p.periodSeconds]),
      [['Percent', 10, 60]],
    );
    // HPA utilization is relative to the request: every worker container must have one.
    for (const c of deployment(objects, 'ltop-worker').spec.template.spec.containers) {
      assert.ok(c.resources?.requests?.['cpu'] && c.resources.requests['memory'], `${name}: ${c.name} requests`);
    }
  }
});

test('workers spread across nodes and leave gracefully', async () => {
  for (const { name, objects } of await renderAll()) {
    const w = deployment(objects, 'ltop-worker');
    const spread = w.spec.template.spec.topologySpreadConstraints ?? [];
    const byNode = spread.find((t) => t.topologyKey === 'kubernetes.io/hostname');
    assert.ok(byNode, `${name}: spread over kubernetes.io/hostname`);
    assert.equal(byNode.maxSkew, 1);
    assert.deepEqual(byNode.labelSelector?.matchLabels, w.spec.selector.matchLabels, 'spreads the worker pods');
    // Single-node clusters (kind, minikube) must still schedule all workers.
    assert.equal(byNode.whenUnsatisfiable, 'ScheduleAnyway');
    const grace = w.spec.template.spec.terminationGracePeriodSeconds ?? 30;
    assert.ok(grace >= 30 && grace <= 120, `${name}: grace period ${String(grace)}s lets Locust stop its users`);
  }
});

test('the master has startup, readiness and liveness probes on the web port', async () => {
  for (const { name, objects } of await renderAll()) {
    const m = containerNamed(deployment(objects, 'ltop-master'), 'locust');
    const webPort = m.ports?.find((p) => p.name === 'web');
    assert.equal(webPort?.containerPort, 8089);
    const probes: [string, Probe | undefined][] = [
      ['startup', m.startupProbe],
      ['readiness', m.readinessProbe],
      ['liveness', m.livenessProbe],
    ];
    for (const [kind, probe] of probes) {
      assert.ok(probe?.httpGet, `${name}: ${kind} probe is an HTTP GET`);
      assert.ok(probe.httpGet.port === 'web' || probe.httpGet.port === 8089, `${name}: ${kind} probes the web port`);
      assert.equal(probe.httpGet.path, '/');
    }
  }
});

interface Pdb extends K8sObject {
  spec: { minAvailable?: number | string; maxUnavailable?: number | string; selector: { matchLabels: Record<string, string> } };
}

test('the master PodDisruptionBudget keeps the one master through voluntary disruptions', async () => {
  for (const { name, objects } of await renderAll()) {
    const pdb = get(objects, 'PodDisruptionBudget', 'ltop-master') as Pdb;
    const master = deployment(objects, 'ltop-master');
    assert.deepEqual(pdb.spec.selector.matchLabels, master.spec.selector.matchLabels, name);
    assert.ok(pdb.spec.minAvailable === 1 || pdb.spec.maxUnavailable === 0, `${name}: no voluntary eviction`);
  }
});
