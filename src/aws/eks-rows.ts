// The infrastructure panel's EKS lines as plain strings: pure, so the panel only lays them out.

import type { EksClusterModel, EksEndpointAccess, EksNodeGroupModel } from './eks-model.js';

/** "3d 4h", "2h 05m", "7m", "40s": how long something has existed */
export function fmtAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** "public (203.0.113.7/32) + private", "private only", "public (anywhere!)" */
export function endpointAccessText(a: EksEndpointAccess): string {
  const open = a.publicCidrs.includes('0.0.0.0/0');
  const pub = a.public ? `public (${open ? 'anywhere!' : a.publicCidrs.join(', ')})` : '';
  if (a.public && a.private) return `${pub} + private`;
  if (a.public) return pub;
  return a.private ? 'private only' : 'none';
}

export function clusterLine(c: EksClusterModel, now: Date): string {
  const age = c.createdAt ? `, up ${fmtAge(now.getTime() - c.createdAt.getTime())}` : '';
  const issues = c.issues.length ? `, ${c.issues.length} issue${c.issues.length > 1 ? 's' : ''}: ${c.issues[0]!.code}` : '';
  return `${c.name} ${c.status} · k8s ${c.version} (${c.platformVersion}) · endpoint ${endpointAccessText(c.endpointAccess)}${age}${issues}`;
}

export const NODE_GROUP_HEADER = ['NODE GROUP', 'STATUS', 'DESIRED/MIN/MAX', 'TYPES', 'CAPACITY', 'AGE', 'HEALTH'] as const;

export function nodeGroupCells(ng: EksNodeGroupModel, now: Date): string[] {
  const health = ng.issues.length ? ng.issues.map((i) => `${i.code}: ${i.message}`).join('; ') : 'ok';
  return [
    ng.name,
    ng.status,
    `${ng.desired}/${ng.min}/${ng.max}`,
    ng.instanceTypes.join(',') || '-',
    ng.capacityType,
    ng.createdAt ? fmtAge(now.getTime() - ng.createdAt.getTime()) : '-',
    health,
  ];
}
