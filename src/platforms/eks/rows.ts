// Pure: the EKS poller's reading as infrastructure panel rows (the cluster, then its node groups).
import type { EksInfraReading } from '../../aws/eks-poller.js';
import { clusterLine, nodeGroupCells } from '../../aws/eks-rows.js';
import type { InfraResource } from '../platform.js';

export function eksRows(reading: EksInfraReading, now: Date): InfraResource[] {
  const rows: InfraResource[] = [];
  const model = reading.model;
  if (model) {
    const c = model.cluster;
    rows.push({ kind: 'EKS', name: c.name, status: c.status, detail: clusterLine(c, now), healthy: c.status === 'ACTIVE' && c.issues.length === 0 });
    for (const ng of model.nodeGroups) {
      const [name, status, sizes, types, capacity, age, health] = nodeGroupCells(ng, now);
      rows.push({ kind: 'NodeGroup', name: name!, status: status!, detail: `${sizes} ${types} ${capacity} ${age} ${health}`, healthy: ng.status === 'ACTIVE' && ng.issues.length === 0 });
    }
  }
  if (reading.error) rows.push({ kind: 'EKS', name: model?.cluster.name ?? 'cluster', status: 'unreachable', detail: reading.error, healthy: false });
  return rows;
}
