// One watch machinery (issue #14): the kube platform (infrastructure and workers panels) and the
// target feed (target panel) handed the same KubeLink, as wire.ts does, read the nodes and the
// namespace's pods through one list+watch each, and both panels show them: nodes Ready and
// joining, a Pending pod with the scheduler's reason and the cluster autoscaler's scale-up.
// Proven on the test API server's request log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTargetFeed } from '../../src/app/target-feed.js';
import { COMMON, resolveOptions } from '../../src/cli/options.js';
import { createKubePlatform } from '../../src/platforms/kube/index.js';
import { KubeLink } from '../../src/platforms/kube/link.js';
import { initialState } from '../../src/state/state.js';
import { createStore, type Store } from '../../src/state/store.js';
import { TargetScript } from '../support/kube-api/index.js';
import { type Cluster, OVERLAY, startCluster, waitFor } from './helpers.js';

const NODE_A = 'ip-10-0-1-1.eu-central-1.compute.internal';
const NODE_B = 'ip-10-0-1-2.eu-central-1.compute.internal';
const NODE_C = 'ip-10-0-1-3.eu-central-1.compute.internal';

describe('one watch machinery: the platform and the target panel share the nodes and pods', () => {
  let cluster: Cluster;
  let store: Store;
  const link = new KubeLink();
  const stops: Array<() => unknown> = [];

  before(async () => {
    cluster = await startCluster({ scheduleDelayMs: 20, startDelayMs: 40 });
  });
  after(async () => {
    for (const stop of stops.reverse()) await stop();
    await cluster?.close();
  });

  it('nodes listed once and shown in both panels; the namespace\'s pods too; joining nodes and a Pending pod in both', async () => {
    // the system under test lives beside ltop, in its namespace
    const script = new TargetScript(cluster.server, { namespace: 'ltop', name: 'web', replicas: 2, minReplicas: 2, maxReplicas: 3, cpuTargetPercent: 50, nodes: [NODE_A, NODE_B] });
    script.setup();
    store = createStore(initialState({ platform: 'kube', where: 'kube', scenario: 'smoke', targetHost: '', expectedWorkers: 2, lastSwarm: { users: 1, spawnRate: 1 }, now: Date.now() }), 50, 0);
    const platform = createKubePlatform({ kubeconfigPath: cluster.kubeconfig, overlayDir: OVERLAY, readyTimeoutMs: 20_000, backoff: { minMs: 50, maxMs: 500 }, link, podLogs: false, cost: false }, (event) => store.dispatch(event));
    stops.push(() => platform.detach());
    const feed = startTargetFeed(resolveOptions({ platform: 'kube', kubeconfig: cluster.kubeconfig, targetDeployment: ['web'], targetNamespace: 'ltop' }, COMMON), store, { sampleMs: 200 }, link);
    stops.push(() => (feed.stop(), link.stop()));
    await platform.start({ kind: 'bundled', name: 'smoke' });

    const nodeRows = () => store.getState().resources.filter((r) => r.kind === 'Node');
    await waitFor('both nodes in the infrastructure panel', () => nodeRows().length === 2, 20_000);
    await waitFor('both nodes in the target panel', () => store.getState().target?.nodes.length === 2, 20_000);
    assert.deepEqual(nodeRows().map((r) => [r.name, r.status]), [['ip-10-0-1-1', 'Ready'], ['ip-10-0-1-2', 'Ready']]);
    assert.match(nodeRows()[0]!.detail!, /^m6i\.large · spot · \d+ pods? · up \d+s$/);

    // a node the autoscaler adds, not Ready yet: joining, first, in both panels
    script.addNode(NODE_C, false);
    await waitFor('the joining node in the infrastructure panel', () => nodeRows()[0]?.name === 'ip-10-0-1-3' && nodeRows()[0]?.status === 'joining', 20_000);
    await waitFor('the joining node in the target panel', () => store.getState().target?.nodes.some((n) => n.name === NODE_C && n.joining), 20_000);

    // no room: the HPA's third pod stays Pending; the cluster autoscaler says it is adding a node
    script.full('0/3 nodes are available: 2 Insufficient cpu, 1 node(s) had untolerated taint.');
    script.load(100, 150);
    const pendingRow = () => store.getState().resources.find((r) => r.kind === 'Pending' && r.name.startsWith('web-'));
    await waitFor('the Pending pod in the infrastructure panel', () => pendingRow()?.detail?.startsWith('Unschedulable: 0/3 nodes are available'), 20_000);
    await waitFor('the Pending pod in the target panel', () => store.getState().target?.deployments[0]?.pods.some((p) => p.phase === 'Pending'), 20_000);
    script.podEvent('TriggeredScaleUp', 'pod triggered scale-up: [{eks-workers-3ac6 2->3 (max: 4)}]', 'cluster-autoscaler');
    await waitFor('the scale-up on the Pending row', () => pendingRow()?.detail?.includes('nodes being added: pod triggered scale-up: [{eks-workers-3ac6 2->3 (max: 4)}]'), 20_000);
    script.nodeReady(NODE_C);
    await waitFor('the new node Ready in both', () => nodeRows().every((r) => r.status === 'Ready') && store.getState().target?.nodes.every((n) => n.ready), 20_000);
    await waitFor('the Pending pod scheduled', () => !pendingRow(), 20_000);

    // read once: one list of the nodes and one of ltop's namespace's pods for both panels
    const lists = (path: string) => cluster.server.requests.filter((r) => r.method === 'GET' && r.path === path && r.query.watch !== 'true' && r.query.watch !== '1').length;
    assert.equal(lists('/api/v1/nodes'), 1, 'the nodes were listed once');
    assert.equal(lists('/api/v1/namespaces/ltop/pods'), 1, "the namespace's pods were listed once");
    assert.equal(lists('/api/v1/namespaces/ltop/events'), 1, "the namespace's events were listed once");
    assert.equal(lists('/apis/apps/v1/namespaces/ltop/deployments'), 1, "the namespace's Deployments were listed once");
    assert.equal(lists('/apis/autoscaling/v2/namespaces/ltop/horizontalpodautoscalers'), 1, "the namespace's HPAs were listed once");
    // and the infrastructure panel keeps to ltop's own objects beside the target's
    assert.ok(!store.getState().resources.some((r) => r.kind === 'Deployment' && r.name === 'web'), 'the target is the target panel\'s');
  });
});
