// The infrastructure panel's node rows, pure, on EKS Node objects as `kubectl get nodes -o json`
// gives them (managed node group on-demand and spot, Karpenter, a lost node), the autoscaler's
// word on Pending pods, and the panel drawn at 80x24 and 200x60.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { autoscalerNotes, nodeGroupProgress, nodeRows, nodesFailedRow, withNodeGroupProgress } from '../../src/platforms/kube/node-rows.js';
import type { KubeObject } from '../../src/platforms/kube/rest.js';
import { infraRows } from '../../src/platforms/kube/rows.js';
import { baseState, renderCockpit } from '../support/ink.js';
import { FIXTURES } from './helpers.js';

const NOW = Date.parse('2026-12-01T10:00:00Z');
const nodes = (JSON.parse(readFileSync(`${FIXTURES}nodes/eks-nodes.json`, 'utf8')) as { items: KubeObject[] }).items;
const pod = (name: string, node: string | undefined, phase: string, extra: Record<string, unknown> = {}): KubeObject =>
  ({ metadata: { name, namespace: 'ltop', creationTimestamp: '2026-12-01T09:59:00Z', labels: { 'app.kubernetes.io/name': 'ltop', 'app.kubernetes.io/component': 'worker' } }, spec: node ? { nodeName: node } : {}, status: { phase, ...extra } }) as KubeObject;
const pods = [
  pod('ltop-worker-a', 'ip-10-0-1-23.eu-central-1.compute.internal', 'Running'),
  pod('ltop-worker-b', 'ip-10-0-1-23.eu-central-1.compute.internal', 'Running'),
  pod('ltop-job-done', 'ip-10-0-1-23.eu-central-1.compute.internal', 'Succeeded'),
  pod('ltop-worker-c', undefined, 'Pending', { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/4 nodes are available: 1 Insufficient cpu, 3 node(s) had untolerated taint.' }] }),
];
const scaleUp = { metadata: { name: 'ltop-worker-c.1', namespace: 'ltop', creationTimestamp: '2026-12-01T09:59:10Z' }, involvedObject: { kind: 'Pod', name: 'ltop-worker-c', namespace: 'ltop' }, reason: 'TriggeredScaleUp', message: 'pod triggered scale-up: [{eks-workers-spot-3ac6 1->2 (max: 5)}]', source: { component: 'cluster-autoscaler' }, type: 'Normal', lastTimestamp: '2026-12-01T09:59:10Z' } as KubeObject;

describe('node rows', () => {
  it('lost and joining nodes first, then cordoned, then Ready; type, spot or on-demand, pods on it, age, zone', () => {
    const rows = nodeRows(nodes, pods, NOW);
    assert.deepEqual(
      rows.map((r) => [r.name, r.status, r.detail, r.healthy]),
      [
        ['ip-10-0-3-9', 'NotReady', 'c6i.large · on-demand · 0 pods · up 24h · eu-central-1c', false],
        ['ip-10-0-2-51', 'joining', 'm6i.large · spot · 0 pods · up 90s · eu-central-1b', true],
        ['ip-10-0-3-7', 'cordoned', 'c7i.xlarge · spot · 0 pods · up 2h · eu-central-1c', true],
        ['ip-10-0-1-23', 'Ready', 'c6i.large · on-demand · 2 pods · up 60m · eu-central-1a', true],
      ],
    );
    assert.ok(rows.every((r) => r.kind === 'Node'));
  });

  it('a node being deleted is leaving; a cluster without cloud labels shows what it has', () => {
    const kind = { metadata: { name: 'kind-control-plane', creationTimestamp: '2026-12-01T09:00:00Z', deletionTimestamp: '2026-12-01T09:59:59Z', labels: { 'kubernetes.io/hostname': 'kind-control-plane' } }, status: { conditions: [{ type: 'Ready', status: 'True' }] } } as KubeObject;
    assert.deepEqual(nodeRows([kind], [], NOW).map((r) => [r.name, r.status, r.detail]), [['kind-control-plane', 'leaving', '0 pods · up 60m']]);
  });

  it('a node group short of its desired size says how many nodes are being added (and a group above it, scaling in)', () => {
    // workers: ip-10-0-1-23 Ready; workers-spot: ip-10-0-2-51 joining
    assert.equal(nodeGroupProgress({ name: 'workers', desired: 1 }, nodes, NOW), undefined);
    assert.equal(nodeGroupProgress({ name: 'workers', desired: 3 }, nodes, NOW), '1 of 3 nodes Ready, 2 being added');
    assert.equal(nodeGroupProgress({ name: 'workers-spot', desired: 1 }, nodes, NOW), '0 of 1 node Ready, 1 being added');
    assert.equal(nodeGroupProgress({ name: 'workers', desired: 0 }, nodes, NOW), '1 node, 1 above the 0 wanted (scaling in)');
    const rows = withNodeGroupProgress([{ kind: 'NodeGroup', name: 'workers-spot', status: 'ACTIVE', detail: '1/0/5 m6i.large SPOT 2m ok', healthy: true }], [{ name: 'workers-spot', desired: 1 }], nodes, NOW);
    assert.equal(rows[0]!.detail, '1/0/5 m6i.large SPOT 2m ok · 0 of 1 node Ready, 1 being added');
  });

  it('nodes that cannot be read: the cause and what to ask for, never an empty panel', () => {
    const row = nodesFailedRow('nodes is forbidden: User "system:serviceaccount:ltop:matrix" cannot list resource "nodes" in API group "" at the cluster scope', 403);
    assert.equal(row.status, 'forbidden');
    assert.match(row.detail!, /cannot list resource "nodes".*kubectl auth can-i list nodes/);
  });

  it('a Pending pod carries the cluster autoscaler\'s scale-up (and Karpenter\'s nomination)', () => {
    const notes = autoscalerNotes([scaleUp]);
    assert.equal(notes.get('ltop-worker-c'), 'nodes being added: pod triggered scale-up: [{eks-workers-spot-3ac6 1->2 (max: 5)}]');
    const pending = infraRows([], [], pods, notes).find((r) => r.kind === 'Pending')!;
    assert.equal(pending.detail, 'Unschedulable: 0/4 nodes are available: 1 Insufficient cpu, 3 node(s) had untolerated taint. · nodes being added: pod triggered scale-up: [{eks-workers-spot-3ac6 1->2 (max: 5)}]');
    const nominated = { ...scaleUp, reason: 'Nominated', message: 'Pod should schedule on: nodeclaim/default-8xq2z', lastTimestamp: '2026-12-01T09:59:20Z' } as KubeObject;
    assert.equal(autoscalerNotes([scaleUp, nominated]).get('ltop-worker-c'), 'Nominated: Pod should schedule on: nodeclaim/default-8xq2z');
  });
});

describe('the infrastructure panel with node rows', () => {
  const resources = [
    { kind: 'EKS', name: 'ltop', status: 'ACTIVE', detail: 'ltop ACTIVE · k8s 1.35 (eks.3) · endpoint public (203.0.113.7/32) + private, up 2h 05m', healthy: true },
    { kind: 'NodeGroup', name: 'workers', status: 'ACTIVE', detail: '2/1/4 c6i.large ON_DEMAND 2h 01m ok', healthy: true },
    ...infraRows([], [], pods, autoscalerNotes([scaleUp])),
    ...nodeRows(nodes, pods, NOW),
  ];

  for (const [columns, rows] of [[80, 24], [200, 60]] as const) {
    it(`${columns}x${rows}: every line fits, the Pending pod and the nodes are on screen`, async () => {
      const cockpit = await renderCockpit({ state: baseState({ platform: 'eks', resources }), columns, rows });
      try {
        const fits = (frame: string): void => {
          const lines = frame.split('\n');
          assert.ok(lines.length <= rows, `${lines.length} lines in ${rows}`);
          for (const line of lines) assert.ok(line.length <= columns, `a line wider than ${columns}: ${line}`);
        };
        await cockpit.press('i');
        fits(await cockpit.waitFor(/Pending +ltop-worker-c +Pending +Unschedulable: 0\/4 nodes/));
        // at 80x24 the nodes are a scroll away (G: the end of the list)
        if (columns === 80) await cockpit.press('G');
        const frame = await cockpit.waitFor('ip-10-0-3-9');
        fits(frame);
        assert.match(frame, /Node +ip-10-0-3-9 +NotReady +c6i\.large · on-demand · 0 pods/);
        assert.match(frame, /Node +ip-10-0-2-51 +joining +m6i\.large · spot/);
        if (columns === 200) {
          // the width is used: the whole line, the autoscaler's words and every node
          assert.match(frame, /Pending +ltop-worker-c +Pending +Unschedulable: 0\/4 nodes/);
          assert.match(frame, /Node +ip-10-0-1-23 +Ready +c6i\.large · on-demand · 2 pods · up 60m · eu-central-1a/);
          assert.match(frame, /nodes being added: pod triggered scale-up/);
        }
      } finally {
        cockpit.unmount();
      }
    });
  }
});
