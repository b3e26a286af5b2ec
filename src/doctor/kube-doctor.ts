// ltop doctor for --platform kube: each check says what it saw and, when it fails, what to fix.
//
// The master's web port (8089) and ZeroMQ port (5557) are reached through port-forwards, like
// the cockpit does, so the checks work from a laptop or a bastion without exposing anything.

import { type KubeConnection, type KubeTarget, connect } from '../platforms/kube/config.js';
import { explain } from '../platforms/kube/errors.js';
import { HPA, MASTER, MASTER_WEB_PORT, MASTER_ZMQ_PORT, WORKER } from '../platforms/kube/names.js';
import { MasterTunnel } from '../platforms/kube/portforward.js';
import { type KubeList, paths } from '../platforms/kube/rest.js';
import { component, pendingReason, readyMasterPod, rollout } from '../platforms/kube/rows.js';
import { zmtpHandshake } from './zmtp.js';

export interface DoctorCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly fix?: string;
  /** passes, but something to know (e.g. not the pinned Locust): shown with "!", does not fail */
  readonly warning?: string;
}

export interface KubeDoctorOptions extends KubeTarget {
  /** workers that should be connected; default: the HPA's desired count, else the Deployment's replicas */
  readonly expectedWorkers?: number;
  /** bound for each network check (default 5 s) */
  readonly timeoutMs?: number;
}

const skipped = (name: string, because: string): DoctorCheck => ({ name, ok: false, detail: `not checked: ${because}` });

export async function runKubeDoctor(opts: KubeDoctorOptions = {}): Promise<DoctorCheck[]> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const checks: DoctorCheck[] = [];
  const names = ['kube context reachable', 'namespace', 'master ready', 'web API answering', 'workers connected', 'master ZeroMQ handshake'] as const;
  const skipRest = (because: string): DoctorCheck[] => {
    for (const n of names.slice(checks.length)) checks.push(skipped(n, because));
    return checks;
  };

  // 1. context
  let conn: KubeConnection;
  try {
    conn = connect(opts);
    const v = await conn.rest.get<{ gitVersion?: string }>('/version', { timeoutMs });
    checks.push({ name: names[0], ok: true, detail: `context ${conn.context} -> ${conn.server} (Kubernetes ${v.gitVersion ?? '?'})` });
  } catch (err) {
    const msg = explain('reach the Kubernetes API', err);
    checks.push({ name: names[0], ok: false, detail: msg, fix: 'Check the context with kubectl config current-context and kubectl cluster-info; pass --context to pick another.' });
    return skipRest('the cluster is not reachable');
  }
  const ns = conn.namespace;

  // 2. namespace
  try {
    const n = await conn.rest.find(paths.namespace(ns), { timeoutMs });
    if (!n) {
      checks.push({ name: names[1], ok: false, detail: `namespace ${ns} does not exist`, fix: `Deploy with ltop --platform kube (it creates ${ns}), or pass --namespace where ltop runs.` });
      return skipRest(`namespace ${ns} does not exist`);
    }
    const phase = String((n.status as { phase?: string } | undefined)?.phase ?? 'Active');
    checks.push({ name: names[1], ok: phase === 'Active', detail: `namespace ${ns} is ${phase}`, ...(phase !== 'Active' ? { fix: `The namespace is being deleted; wait for it to go, then deploy again.` } : {}) });
  } catch (err) {
    checks.push({ name: names[1], ok: false, detail: explain(`read namespace ${ns}`, err), fix: `Ask for RBAC "get" on namespaces, or pass --namespace.` });
    return skipRest(`namespace ${ns} could not be read`);
  }

  // 3. master ready
  let masterPod: string | undefined;
  let expected = opts.expectedWorkers;
  try {
    const d = await conn.rest.find(paths.deployment(ns, MASTER), { timeoutMs });
    if (!d) {
      checks.push({ name: names[2], ok: false, detail: `deployment ${MASTER} does not exist in ${ns}`, fix: 'Deploy with ltop --platform kube.' });
      return skipRest('no master deployed');
    }
    const pods = (await conn.rest.get<KubeList>(paths.pods(ns), { query: { labelSelector: 'app.kubernetes.io/name=ltop' }, timeoutMs })).items;
    const ready = readyMasterPod(pods);
    masterPod = ready?.metadata?.name;
    const r = rollout(d);
    if (ready) {
      checks.push({ name: names[2], ok: true, detail: `${masterPod} is Ready on node ${String((ready.spec as { nodeName?: string } | undefined)?.nodeName ?? '?')}${r.done ? '' : ` (rollout in progress: ${r.updated}/${r.desired} updated)`}` });
    } else {
      const reasons = pods.filter((p) => component(p) === 'master').map((p) => `${p.metadata?.name}: ${pendingReason(p) ?? 'not ready'}`);
      checks.push({
        name: names[2],
        ok: false,
        detail: `no master pod is Ready (${r.ready}/${r.desired})${reasons.length ? `: ${reasons.join('; ')}` : ''}`,
        fix: `kubectl describe pods -n ${ns} -l app.kubernetes.io/component=master and kubectl logs -n ${ns} deploy/${MASTER}`,
      });
    }
    if (expected === undefined) {
      const hpa = await conn.rest.find(paths.hpa(ns, HPA), { timeoutMs });
      const desired = (hpa?.status as { desiredReplicas?: number } | undefined)?.desiredReplicas;
      const w = await conn.rest.find(paths.deployment(ns, WORKER), { timeoutMs });
      expected = typeof desired === 'number' && desired > 0 ? desired : w ? rollout(w).desired : 0;
    }
  } catch (err) {
    checks.push({ name: names[2], ok: false, detail: explain(`read the master in ${ns}`, err), fix: `Ask for RBAC "get"/"list" on deployments and pods in ${ns}.` });
    return skipRest('the master could not be read');
  }
  if (!masterPod) return skipRest('no master pod is ready');

  // 4 + 5. web API and workers, through a port-forward to 8089
  const pod = masterPod;
  const web = new MasterTunnel({ kc: conn.kc, namespace: ns, remotePort: MASTER_WEB_PORT, pickPod: () => pod, onDown: () => {}, onUp: () => {} });
  try {
    await web.listen();
    const res = await fetch(`${web.url}/stats/requests`, { signal: AbortSignal.timeout(timeoutMs), headers: { connection: 'close' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const stats = (await res.json()) as { state?: string; user_count?: number; worker_count?: number; workers?: unknown[] };
    checks.push({ name: names[3], ok: true, detail: `Locust answers on ${pod}:${MASTER_WEB_PORT}: state ${stats.state ?? '?'}, ${stats.user_count ?? 0} users` });
    const connected = typeof stats.worker_count === 'number' ? stats.worker_count : Array.isArray(stats.workers) ? stats.workers.length : 0;
    const want = expected ?? 0;
    checks.push({
      name: names[4],
      ok: connected >= want,
      detail: `${connected} of ${want} workers connected to the master`,
      ...(connected < want
        ? { fix: `Workers cannot reach ${MASTER}:${MASTER_ZMQ_PORT} or exit early: kubectl logs -n ${ns} deploy/${WORKER}; check that NetworkPolicies let workers reach the master on ${MASTER_ZMQ_PORT}.` }
        : {}),
    });
  } catch (err) {
    checks.push({
      name: names[3],
      ok: false,
      detail: `Locust's web API on ${pod}:${MASTER_WEB_PORT} did not answer: ${(err as Error).message}`,
      fix: `kubectl logs -n ${ns} ${pod}; is Locust started with --master and its web UI on ${MASTER_WEB_PORT}? Port-forwarding needs RBAC "create" on pods/portforward.`,
    });
    checks.push(skipped(names[4], 'the web API did not answer'));
  } finally {
    await web.close();
  }

  // 6. ZMTP handshake with 5557, through a port-forward, without registering as a worker
  const zmq = new MasterTunnel({ kc: conn.kc, namespace: ns, remotePort: MASTER_ZMQ_PORT, pickPod: () => pod, onDown: () => {}, onUp: () => {} });
  try {
    await zmq.listen();
    const r = await zmtpHandshake('127.0.0.1', zmq.port, timeoutMs);
    checks.push({
      name: names[5],
      ok: r.ok,
      detail: r.ok ? `ZMTP handshake with ${pod}:${MASTER_ZMQ_PORT} completed (no message sent: not registered as a worker)` : r.detail,
      ...(r.ok ? {} : { fix: `The master does not speak ZeroMQ on ${MASTER_ZMQ_PORT}: check its args (--master, --master-bind-port) with kubectl get deploy/${MASTER} -n ${ns} -o yaml.` }),
    });
  } finally {
    await zmq.close();
  }
  return checks;
}
