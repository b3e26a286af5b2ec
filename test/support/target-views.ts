// Scripted TargetViews for the cockpit's tests, built with buildTargetView from Kubernetes
// objects shaped as the API server returns them (the HPA is the docs' walkthrough fixture).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { KubeObject } from '../../src/platforms/kube/rest.js';
import { buildTargetView } from '../../src/target/model.js';
import type { TimelineSample } from '../../src/target/timeline.js';
import type { TargetView } from '../../src/target/view.js';

export const TARGET_NOW = Date.parse('2026-12-01T09:12:00Z');
const iso = (secondsAgo: number): string => new Date(TARGET_NOW - secondsAgo * 1000).toISOString().replace('.000Z', 'Z');
const walkthroughHpa = parse(readFileSync(new URL('../target/fixtures/hpa-walkthrough.yaml', import.meta.url), 'utf8')) as KubeObject;

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', generation: 3, creationTimestamp: iso(3600) },
  spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template: {} },
  status: { observedGeneration: 3, replicas: 4, updatedReplicas: 4, readyReplicas: 2, availableReplicas: 2 },
};

function pod(name: string, ageS: number, running: boolean): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', labels: { app: 'web' }, creationTimestamp: iso(ageS) },
    spec: { ...(running ? { nodeName: 'node-a' } : {}), containers: [{ name: 'web' }] },
    status: running
      ? { phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'web', restartCount: 1, state: { running: {} } }] }
      : { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available: 2 Insufficient cpu.' }] },
  };
}

function event(kind: string, name: string, reason: string, message: string, secondsAgo: number, type = 'Normal'): KubeObject {
  return { apiVersion: 'v1', kind: 'Event', metadata: { name: `${name}.${reason}`, namespace: 'shop' }, involvedObject: { kind, name, namespace: 'shop' }, reason, message, type, source: { component: 'x' }, lastTimestamp: iso(secondsAgo), count: 1 };
}

const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a', creationTimestamp: iso(86_400) }, spec: {}, status: { conditions: [{ type: 'Ready', status: 'True' }] } };

/** web: 2/4 ready, its HPA at max 6 (desired 6), one pod Pending (Unschedulable) */
export function pendingAtMaxView(): TargetView {
  return buildTargetView(
    { namespace: 'shop', deployments: ['web'] },
    {
      deployments: [deployment],
      hpas: [walkthroughHpa],
      pods: [pod('web-abc-1', 600, true), pod('web-abc-2', 590, true), pod('web-abc-3', 120, false)],
      nodes: [node],
      events: [
        event('HorizontalPodAutoscaler', 'web', 'SuccessfulRescale', 'New size: 6; reason: cpu resource utilization above target', 120),
        event('Pod', 'web-abc-3', 'FailedScheduling', '0/2 nodes are available: 2 Insufficient cpu.', 110, 'Warning'),
        event('Pod', 'web-abc-3', 'TriggeredScaleUp', 'pod triggered scale-up: [{eks-ng-1 2->3 (max: 10)}]', 100),
      ],
      failures: [],
    },
    TARGET_NOW,
  );
}

/** a minute of samples: the load rises, desired goes 2 -> 6, ready follows to 4 */
export function scalingTimeline(): TimelineSample[] {
  return Array.from({ length: 30 }, (_, i) => ({
    at: TARGET_NOW - (30 - i) * 2000,
    users: i < 5 ? i * 10 : 50,
    rps: Math.min(100, i * 8),
    p95Ms: i < 10 ? 40 : 40 + (i - 10) * 12,
    targets: [{ name: 'web', desired: i < 12 ? 2 : 6, ready: i < 12 ? 2 : i < 20 ? 3 : 4 }],
    pending: i >= 12 ? 1 : 0,
    nodes: 1,
    readyNodes: 1,
    atMax: i >= 12,
    oldestPendingS: i >= 12 ? (i - 12) * 2 : 0,
  }));
}

export const STORY_T0 = Date.parse('2026-12-01T09:10:00Z');

/**
 * The story of issue 14: p95 rose, the HPA asked for 6, 2 stayed Pending until a node joined.
 * One sample every 5 s for 5 minutes; users ramp to 200 in 20 s; the HPA scales 2 -> 6 at 55 s
 * (and is then at its max); 2 new pods start at once, 2 stay Pending until a node is ready at
 * 210 s and run at 230 s.
 */
export function scalingStory(): TimelineSample[] {
  const out: TimelineSample[] = [];
  for (let t = 0; t <= 300; t += 5) {
    const users = Math.min(200, t * 10);
    const desired = t >= 55 ? 6 : 2;
    const ready = t >= 230 ? 6 : t >= 70 ? 4 : 2;
    const pending = t >= 55 && t < 230 ? (t < 70 ? 4 : 2) : 0;
    out.push({
      at: STORY_T0 + t * 1000,
      users,
      rps: users * 2,
      p95Ms: t >= 40 && t < 230 ? 900 : 120,
      targets: [{ name: 'web', desired, ready }],
      pending,
      nodes: t >= 200 ? 3 : 2,
      readyNodes: t >= 210 ? 3 : 2,
      atMax: t >= 55,
      oldestPendingS: pending ? t - 55 : 0,
      ...(t >= 10 ? { serverRps: users * 2 - 1 } : {}),
    });
  }
  return out;
}
