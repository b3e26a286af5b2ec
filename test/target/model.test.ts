import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { KubeObject } from '../../src/platforms/kube/rest.js';
import { buildTargetView, type TargetObjects } from '../../src/target/model.js';
import { targetHeader, targetCounts } from '../../src/target/header.js';
import { metricsLine, quantity } from '../../src/target/hpa.js';
import { localTargetView } from '../../src/target/local.js';

const NOW = Date.parse('2026-12-01T09:12:00Z');
const iso = (secondsAgo: number): string => new Date(NOW - secondsAgo * 1000).toISOString().replace('.000Z', 'Z');
const hpa = parse(readFileSync(new URL('./fixtures/hpa-walkthrough.yaml', import.meta.url), 'utf8')) as KubeObject;

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', generation: 3, creationTimestamp: iso(3600) },
  spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template: {} },
  status: { observedGeneration: 3, replicas: 4, updatedReplicas: 4, readyReplicas: 2, availableReplicas: 2 },
};

function pod(name: string, extra: { node?: string; phase: string; ready?: boolean; ageS: number; scheduled?: { reason: string; message: string }; waiting?: string; restarts?: number; app?: string }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', labels: { app: extra.app ?? 'web', 'pod-template-hash': 'abc' }, creationTimestamp: iso(extra.ageS) },
    spec: { ...(extra.node ? { nodeName: extra.node } : {}), containers: [{ name: 'web' }] },
    status: {
      phase: extra.phase,
      conditions: [
        extra.scheduled ? { type: 'PodScheduled', status: 'False', reason: extra.scheduled.reason, message: extra.scheduled.message } : { type: 'PodScheduled', status: 'True' },
        ...(extra.ready ? [{ type: 'Ready', status: 'True' }] : []),
      ],
      ...(extra.node ? { containerStatuses: [{ name: 'web', restartCount: extra.restarts ?? 0, state: extra.waiting ? { waiting: { reason: extra.waiting } } : { running: {} } }] } : {}),
    },
  };
}

function node(name: string, ageS: number, ready: boolean, labels: Record<string, string> = {}, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, creationTimestamp: iso(ageS), labels }, spec: { ...extra }, status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } };
}

function event(kind: string, name: string, reason: string, message: string, secondsAgo: number, component: string, type = 'Normal'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${name}.${reason}`, namespace: 'shop' },
    involvedObject: { kind, name, namespace: 'shop' },
    reason,
    message,
    type,
    source: { component },
    lastTimestamp: iso(secondsAgo),
    count: 1,
  };
}

const unschedulable = { reason: 'Unschedulable', message: '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.' };

const objects: TargetObjects = {
  deployments: [deployment, { ...deployment, metadata: { ...deployment.metadata, name: 'other' }, spec: { replicas: 1, selector: { matchLabels: { app: 'other' } } } }],
  hpas: [hpa],
  pods: [
    pod('web-abc-1', { node: 'node-a', phase: 'Running', ready: true, ageS: 600, restarts: 2 }),
    pod('web-abc-2', { node: 'node-a', phase: 'Running', ready: true, ageS: 590 }),
    pod('web-abc-3', { phase: 'Pending', ageS: 120, scheduled: unschedulable }),
    pod('web-abc-4', { node: 'node-new', phase: 'Pending', ageS: 60, waiting: 'ContainerCreating' }),
    pod('other-xyz-1', { node: 'node-a', phase: 'Running', ready: true, ageS: 900, app: 'other' }),
  ],
  nodes: [node('node-a', 86_400, true, { 'node.kubernetes.io/instance-type': 'm6i.large', 'karpenter.sh/capacity-type': 'spot' }), node('node-new', 40, false), node('node-old', 90_000, true, {}, { unschedulable: true })],
  events: [
    event('HorizontalPodAutoscaler', 'web', 'SuccessfulRescale', 'New size: 6; reason: cpu resource utilization (percentage of request) above target', 120, 'horizontal-pod-autoscaler'),
    event('Pod', 'web-abc-3', 'FailedScheduling', unschedulable.message, 110, 'default-scheduler', 'Warning'),
    event('Pod', 'web-abc-3', 'TriggeredScaleUp', 'pod triggered scale-up: [{eks-ng-1 2->3 (max: 10)}]', 100, 'cluster-autoscaler'),
    event('Pod', 'web-abc-4', 'Nominated', 'Pod should schedule on: nodeclaim/default-8xk2q', 90, 'karpenter'),
    event('Node', 'node-new', 'RegisteredNode', 'Node node-new event: Registered Node node-new in Controller', 40, 'node-controller'),
    event('Pod', 'other-xyz-1', 'Pulled', 'Container image already present', 30, 'kubelet'),
  ],
  failures: [],
};

describe('TargetView from the objects of the system under test', () => {
  test('Deployment, its HPA found through scaleTargetRef, its pods by selector, nodes and events', () => {
    const v = buildTargetView({ namespace: 'shop', deployments: ['web'] }, objects, NOW);
    assert.deepEqual(v.problems, []);
    const [web] = v.deployments;
    assert.ok(web);
    assert.deepEqual({ desired: web.desired, ready: web.ready, updated: web.updated, found: web.found }, { desired: 4, ready: 2, updated: 4, found: true });
    const h = web.hpa!;
    assert.deepEqual({ min: h.min, max: h.max, current: h.current, desired: h.desired, atMax: h.atMax, last: h.lastScaleTime }, { min: 2, max: 6, current: 4, desired: 6, atMax: true, last: '2026-12-01T09:10:00Z' });
    assert.equal(metricsLine(h.metrics), 'cpu 85%/50%, packets-per-second 1500/1k (avg), requests-per-second (Ingress/main-route) 12k/10k, queue_messages_ready <unknown>/30 (avg)');
    assert.deepEqual(h.metrics.map((m) => m.ratio), [1.7, 1.5, 1.2, undefined]);
    assert.deepEqual(h.warnings, ['TooManyReplicas: the desired replica count is more than the maximum replica count']);

    // Pending pods first (longest first), with the scheduler's or kubelet's reason
    assert.deepEqual(
      web.pods.map((p) => [p.name, p.phase, p.ready, p.node ?? '', p.restarts, p.ageS, p.pendingReason ?? '']),
      [
        ['web-abc-3', 'Pending', false, '', 0, 120, `Unschedulable: ${unschedulable.message}`],
        ['web-abc-4', 'ContainerCreating', false, 'node-new', 0, 60, 'starting containers'],
        ['web-abc-1', 'Running', true, 'node-a', 2, 600, ''],
        ['web-abc-2', 'Running', true, 'node-a', 0, 590, ''],
      ],
    );
    assert.deepEqual(
      v.nodes.map((n) => [n.name, n.ready, n.joining, n.leaving, n.kind ?? '', n.targetPods]),
      [
        ['node-new', false, true, false, '', 1],
        ['node-a', true, false, false, 'm6i.large spot', 2],
        ['node-old', true, false, true, '', 0],
      ],
    );
    // newest first; the other Deployment's pod event is not the target's
    assert.deepEqual(v.events.map((e) => e.reason), ['RegisteredNode', 'Nominated', 'TriggeredScaleUp', 'FailedScheduling', 'SuccessfulRescale']);
    assert.equal(v.events[1]!.source, 'karpenter');
    assert.equal(v.events[3]!.type, 'Warning');
  });

  test('header: ready/desired and the warnings an SRE acts on', () => {
    const v = buildTargetView({ namespace: 'shop', deployments: ['web'] }, objects, NOW);
    const h = targetHeader(v);
    assert.equal(h.text, 'target web 2/6 ready');
    assert.equal(h.warning, `2 Pending: Unschedulable: ${unschedulable.message} · HPA web at max 6`);
    const c = targetCounts(v);
    assert.deepEqual({ desired: c.desired, ready: c.ready, pending: c.pending, nodes: c.nodes, readyNodes: c.readyNodes }, { desired: 6, ready: 2, pending: 2, nodes: 3, readyNodes: 2 });
  });

  test('a forbidden read becomes a "missing RBAC" line; what could be read is still shown', () => {
    const v = buildTargetView(
      { namespace: 'shop', deployments: ['web', 'api'] },
      { ...objects, hpas: [], nodes: [], failures: [{ resource: 'horizontalpodautoscalers', namespace: 'shop', code: 403, message: 'forbidden' }, { resource: 'nodes', code: 403, message: 'forbidden' }] },
      NOW,
    );
    assert.deepEqual(v.problems, ['missing RBAC: cannot list horizontalpodautoscalers in shop', 'missing RBAC: cannot list nodes (cluster scope)', 'deployment api not found in shop']);
    assert.equal(v.deployments[0]!.ready, 2);
    assert.equal(v.deployments[0]!.pods.length, 4);
    assert.equal(v.deployments[1]!.found, false);
    assert.equal(targetHeader(v).text, 'target web 2/4, api 0/0 ready');
    const none = buildTargetView({ namespace: 'shop', deployments: [] }, { ...objects, deployments: [], failures: [{ resource: 'deployments', namespace: 'shop', code: 403, message: 'x' }] }, NOW);
    assert.equal(targetHeader(none).text, 'target: missing RBAC: cannot list deployments in shop');
  });

  test('without names, every Deployment the selector returned is a target', () => {
    const v = buildTargetView({ namespace: 'shop', deployments: [], selector: 'tier=web' }, objects, NOW);
    assert.deepEqual(v.deployments.map((d) => d.name), ['other', 'web']);
    assert.deepEqual(buildTargetView({ namespace: 'shop', deployments: [], selector: 'tier=web' }, { ...objects, deployments: [] }, NOW).problems, ['no deployment in shop matches tier=web']);
  });

  test('quantities', () => {
    assert.equal(quantity('500m'), 0.5);
    assert.equal(quantity('1k'), 1000);
    assert.equal(quantity('256Mi'), 256 * 1024 * 1024);
    assert.equal(quantity('lots'), undefined);
  });

  test('local platform: the demo target\'s processes are its replicas', () => {
    const v = localTargetView({ served: 10, inFlight: 0, replicas: 2, processes: [{ pid: 11, served: 4, inFlight: 0 }, { pid: 12, served: 6, inFlight: 0 }] }, { desired: 3, startedAt: NOW - 60_000, now: NOW });
    assert.equal(targetHeader(v).text, 'target demo-target 2/3 ready');
    assert.deepEqual(v.deployments[0]!.pods.map((p) => [p.name, p.node, p.ageS]), [['pid 11', 'localhost', 60], ['pid 12', 'localhost', 60]]);
    assert.deepEqual(localTargetView(undefined, { desired: 1, startedAt: NOW, now: NOW, error: 'demo target http://x unreachable' }).problems, ['demo target http://x unreachable']);
  });
});
