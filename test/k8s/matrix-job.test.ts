// k8s/components/matrix-job: ltop itself in the cluster (a sweep Job, a gated CronJob), with a
// Role that lets it scale only the named Deployments, results on a PersistentVolumeClaim, and a
// NetworkPolicy that lets it reach the API only. The Role is checked against the requests the
// kube platform really makes (attach, port-forward, scale) on the test API server.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringify } from 'yaml';
import { createKubePlatform } from '../../src/platforms/kube/index.js';
import { RESOURCES } from '../support/kube-api/resources.js';
import { startCluster } from '../kube/helpers.js';
import { get, podTemplates, renderAll } from './kustomize.js';
import type { Container, K8sObject, PodTemplate } from './kustomize.js';
import { ltopVersion } from './images.js';
import { flagsOf, ltopRunFlags } from './ltop-cli.js';
import { allowed } from './netpol.js';
import { allows, parseApiPath } from './rbac.js';
import type { PolicyRule } from './rbac.js';

const WITH_JOB = ['local + matrix-job', 'eks + every component'];
const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection', 'escalate', 'bind', 'impersonate']);

async function rendering(name: string): Promise<readonly K8sObject[]> {
  const found = (await renderAll()).find((r) => r.name === name);
  assert.ok(found, name);
  return found.objects;
}

const template = (objects: readonly K8sObject[], owner: string): PodTemplate => {
  const t = podTemplates(objects).find((p) => p.owner === owner);
  assert.ok(t, `${owner} in the rendering`);
  return t;
};
const ltopContainer = (t: PodTemplate): Container => {
  assert.deepEqual(t.spec.containers.map((c) => c.name), ['ltop'], t.owner);
  return t.spec.containers[0]!;
};
const flag = (c: Container, name: string): string | undefined =>
  c.args?.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

function roleRules(objects: readonly K8sObject[]): PolicyRule[] {
  return (get(objects, 'Role', 'ltop-matrix')['rules'] as PolicyRule[] | undefined) ?? [];
}

test('the Job sweeps and the CronJob gates with the ltop image, headless, results on the PVC', async () => {
  for (const name of WITH_JOB) {
    const objects = await rendering(name);
    const pvc = get(objects, 'PersistentVolumeClaim', 'ltop-results') as K8sObject & { spec: { accessModes: string[]; resources: { requests: { storage: string } } } };
    assert.deepEqual(pvc.spec.accessModes, ['ReadWriteOnce']);
    assert.match(pvc.spec.resources.requests.storage, /^\d+Gi$/);

    const job = get(objects, 'Job', 'ltop-matrix') as K8sObject & { spec: { suspend?: boolean; backoffLimit?: number; activeDeadlineSeconds?: number } };
    const cron = get(objects, 'CronJob', 'ltop-gate') as K8sObject & {
      spec: { suspend?: boolean; concurrencyPolicy?: string; schedule: string; jobTemplate: { spec: { backoffLimit?: number; activeDeadlineSeconds?: number } } };
    };
    assert.equal(job.spec.suspend, true, `${name}: applying the manifests starts no load`);
    assert.equal(cron.spec.suspend, true, `${name}: nor does the CronJob until unsuspended`);
    assert.equal(job.spec.backoffLimit, 0, 'a failed sweep is not re-run by itself');
    assert.equal(cron.spec.jobTemplate.spec.backoffLimit, 0, 'a failed gate is not re-run until it passes');
    assert.ok((job.spec.activeDeadlineSeconds ?? 0) > 0 && (cron.spec.jobTemplate.spec.activeDeadlineSeconds ?? 0) > 0, 'bounded in time');
    assert.equal(cron.spec.concurrencyPolicy, 'Forbid', 'never two swarms on one master');
    assert.equal(cron.spec.schedule.split(' ').length, 5);

    for (const t of [template(objects, 'Job/ltop-matrix'), template(objects, 'CronJob/ltop-gate')]) {
      const c = ltopContainer(t);
      assert.equal(c.image, `ltop:${ltopVersion()}`, `${t.owner} runs ltop's own image (runtime/Dockerfile.ltop)`);
      assert.equal(t.spec.serviceAccountName, 'ltop-matrix');
      assert.equal(t.spec.restartPolicy, 'Never');
      assert.equal(flag(c, 'platform'), 'kube', 'attaches to the master and workers of this namespace');
      assert.ok(c.args?.includes('--headless'));
      assert.equal(flag(c, 'results-dir'), '/results');
      const mount = c.volumeMounts?.find((m) => m.mountPath === '/results');
      assert.equal(t.spec.volumes?.find((v) => v.name === mount?.name)?.persistentVolumeClaim?.claimName, 'ltop-results', `${t.owner}: results survive the pod`);
      assert.match(flag(c, 'junit') ?? '', /^\/results\/.+\.xml$/, 'JUnit lands with the results');
      assert.equal(t.metadata.labels?.['app.kubernetes.io/component'], 'matrix-job');
    }
    const sweep = ltopContainer(template(objects, 'Job/ltop-matrix'));
    assert.equal(sweep.args?.[0], 'matrix');
    for (const axis of ['replicas', 'workers', 'users']) assert.match(flag(sweep, axis) ?? '', /^\d+(,\d+)+$/, `--${axis} is a list`);
    const gate = ltopContainer(template(objects, 'CronJob/ltop-gate'));
    assert.equal(gate.args?.[0], 'run');
    assert.equal(flag(gate, 'check'), 'p95<500ms, fail_ratio<1%');
    const known = await ltopRunFlags();
    for (const f of flagsOf(gate.args ?? [])) assert.ok(known.has(f), `${f} is a flag of ltop run`);

    assert.equal(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').length, 0, 'the sweep owns the worker count');
  }
});

test('the Role scales only the named Deployments, reads, port-forwards, and nothing else', async () => {
  for (const name of WITH_JOB) {
    const objects = await rendering(name);
    assert.deepEqual(objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding'), [], 'no cluster-wide rights');
    const rules = roleRules(objects);
    for (const rule of rules) {
      for (const field of [rule.apiGroups, rule.resources, rule.verbs, rule.resourceNames]) assert.ok(!field?.includes('*'), `${name}: no wildcards`);
      assert.ok(!rule.resources?.some((r) => r.startsWith('secrets')), 'no Secrets');
      const writes = rule.verbs.filter((v) => WRITE_VERBS.has(v));
      if (writes.length === 0) continue;
      const what = `${(rule.apiGroups ?? []).join(',')}:${(rule.resources ?? []).join(',')}`;
      if (what === 'apps:deployments/scale') {
        assert.deepEqual([...writes].sort(), ['patch', 'update']);
        const targets = podTemplates(objects)
          .flatMap((t) => t.spec.containers.map((c) => flag(c, 'target-deployment')))
          .filter((t): t is string => !!t);
        assert.ok(targets.length > 0, 'the sweep names its target Deployment');
        assert.deepEqual([...(rule.resourceNames ?? [])].sort(), [...new Set(['ltop-worker', ...targets])].sort(), `${name}: exactly the workers and the --target-deployment`);
      } else {
        assert.equal(what, ':pods/portforward', `${name}: ${what} may not ${writes.join(', ')}`);
        assert.deepEqual(writes, ['create']);
      }
    }
    const binding = get(objects, 'RoleBinding', 'ltop-matrix') as K8sObject & { roleRef: { kind: string; name: string }; subjects: { kind: string; name: string; namespace?: string }[] };
    assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'ltop-matrix' });
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'ltop-matrix', namespace: 'ltop' }]);
    const scaleOther = allows(rules, { verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'ltop', name: 'someone-elses' });
    assert.equal(scaleOther, false, 'another Deployment cannot be scaled');
    assert.equal(allows(rules, { verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'ltop', name: 'ltop-worker' }), false, 'nor its spec patched');
    assert.equal(allows(rules, { verb: 'get', group: '', resource: 'secrets', namespace: 'ltop', name: 'x' }), false);
  }
});

test('the ltop pods reach the Kubernetes API and nothing else; nothing reaches them', async () => {
  for (const name of WITH_JOB) {
    const objects = await rendering(name);
    for (const owner of ['Job/ltop-matrix', 'CronJob/ltop-gate']) {
      const pod = { namespace: 'ltop', labels: template(objects, owner).metadata.labels ?? {} };
      const master = { namespace: 'ltop', labels: template(objects, 'Deployment/ltop-master').metadata.labels ?? {} };
      assert.equal(allowed(objects, pod, { ip: '10.0.0.10' }, 443), true, `${name}: ${owner} -> API server (EKS, 443)`);
      assert.equal(allowed(objects, pod, { ip: '172.18.0.2' }, 6443), true, `${name}: ${owner} -> API server (kind, 6443)`);
      assert.equal(allowed(objects, pod, { ip: '169.254.169.254' }, 80), false, 'no cloud metadata');
      assert.equal(allowed(objects, pod, { ip: '203.0.113.10' }, 8080), false, 'ltop sends no load itself');
      assert.equal(allowed(objects, pod, master, 5557), false, 'not a worker');
      assert.equal(allowed(objects, pod, master, 8089), false, 'the web API only through the port-forward');
      assert.equal(allowed(objects, master, pod, 8089), false, 'nothing dials into ltop');
    }
  }
});

test("the Role covers every call the kube platform makes to attach, port-forward and scale", { timeout: 60_000 }, async () => {
  const objects = await rendering('local + matrix-job');
  const rules = roleRules(objects);
  const known = new Set(RESOURCES.map((d) => d.kind));
  const master = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"state":"ready","workers":[],"stats":[]}'));
  await new Promise<void>((r) => master.listen(0, '127.0.0.1', r));
  const masterPort = (master.address() as AddressInfo).port;
  const c = await startCluster({ portTarget: (_ns, pod, port) => (pod.startsWith('ltop-master-') && port === 8089 ? { host: '127.0.0.1', port: masterPort } : undefined) });
  const platform = createKubePlatform({ kubeconfigPath: c.kubeconfig, overlayDir: 'k8s/overlays/local', readyTimeoutMs: 15_000 }, () => {});
  try {
    // What `kubectl apply -k` of the overlay puts there (kinds this API server serves).
    const yaml = objects.filter((o) => known.has(o.kind)).map((o) => stringify(o)).join('---\n');
    const applied = await c.kubectl(['apply', '--server-side', '-f', '-'], { input: yaml });
    assert.equal(applied.exitCode, 0, applied.stderr);
    const from = c.server.requests.length;

    const ep = await platform.start({ kind: 'bundled', name: 'jsonplaceholder' });
    assert.equal((await fetch(`${ep.masterUrl}/stats/requests`)).status, 200, 'through the port-forward');
    await platform.scaleWorkers(2);
    await platform.detach();

    const calls = c.server.requests.slice(from).flatMap((r) => {
      const parsed = r.verb ? parseApiPath(r.verb, r.path) : undefined;
      return parsed ? [parsed] : [];
    });
    // nodes are cluster-scoped: no Role grants them, and ltop goes on without its node cost meter
    const denied = calls.filter((r) => !allows(rules, r) && r.resource !== 'nodes').map((r) => `${r.verb} ${r.resource}${r.subresource ? `/${r.subresource}` : ''} ${r.name ?? ''}`);
    assert.deepEqual([...new Set(denied)], [], 'every call ltop made is allowed by Role ltop-matrix');
    const made = new Set(calls.map((r) => `${r.verb} ${r.resource}${r.subresource ? `/${r.subresource}` : ''}`));
    assert.ok(made.has('patch deployments/scale'), `scaled through the subresource (made: ${[...made].join(', ')})`);
    assert.ok(made.has('create pods/portforward'), 'port-forwarded to the master');
  } finally {
    await platform.detach();
    await c.close();
    await new Promise((r) => master.close(r));
  }
});
