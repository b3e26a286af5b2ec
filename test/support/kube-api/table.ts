// Server-side printing (meta.k8s.io/v1 Table), which kubectl asks for on `get`.
// Columns follow the real server's printers for the kinds here; others get NAME, AGE.

import type { JsonObject } from './patch.js';
import type { ResourceDef } from './resources.js';

const meta = (o: JsonObject): JsonObject => (o.metadata ?? {}) as JsonObject;
const obj = (o: unknown): JsonObject => (o && typeof o === 'object' ? (o as JsonObject) : {});

export function shortAge(iso: unknown): string {
  if (typeof iso !== 'string') return '<unknown>';
  const s = Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

interface Column {
  readonly name: string;
  readonly type?: string;
  readonly priority?: number;
  readonly cell: (o: JsonObject) => string | number;
}

const nameCol: Column = { name: 'Name', cell: (o) => String(meta(o).name) };
const ageCol: Column = { name: 'Age', cell: (o) => shortAge(meta(o).creationTimestamp) };

function podStatus(p: JsonObject): string {
  if (meta(p).deletionTimestamp) return 'Terminating';
  const st = obj(p.status);
  for (const cs of (st.containerStatuses ?? []) as JsonObject[]) {
    const waiting = obj(obj(cs.state).waiting);
    if (waiting.reason) return String(waiting.reason);
  }
  return String(st.phase ?? 'Pending');
}

/** The real printer's TARGETS: each metric "name: current/target", two at most then "+ N more...". */
function hpaTargets(h: JsonObject): string {
  const key = (m: JsonObject): [string, JsonObject] => {
    const type = String(m.type ?? '');
    const src = obj(m[type.charAt(0).toLowerCase() + type.slice(1)]);
    return [type === 'Resource' || type === 'ContainerResource' ? String(src.name) : String(obj(src.metric).name), src];
  };
  const current = ((obj(h.status).currentMetrics ?? []) as JsonObject[]).map(key);
  const parts = ((obj(h.spec).metrics ?? []) as JsonObject[]).map((m) => {
    const [name, src] = key(m);
    const t = obj(src.target);
    const c = obj(obj(current.find(([n]) => n === name)?.[1]).current);
    if (t.averageUtilization !== undefined) return `${name}: ${c.averageUtilization === undefined ? '<unknown>' : `${String(c.averageUtilization)}%`}/${String(t.averageUtilization)}%`;
    const field = t.averageValue !== undefined ? 'averageValue' : 'value';
    return `${name}: ${c[field] === undefined ? '<unknown>' : String(c[field])}/${String(t[field])}${field === 'averageValue' && m.type !== 'Pods' ? ' (avg)' : ''}`;
  });
  if (parts.length === 0) return '<none>';
  return parts.length > 2 ? `${parts.slice(0, 2).join(', ')} + ${parts.length - 2} more...` : parts.join(', ');
}

function nodeStatus(n: JsonObject): string {
  const ready = ((obj(n.status).conditions ?? []) as JsonObject[]).some((c) => c.type === 'Ready' && c.status === 'True');
  return `${ready ? 'Ready' : 'NotReady'}${obj(n.spec).unschedulable ? ',SchedulingDisabled' : ''}`;
}

const COLUMNS: Record<string, readonly Column[]> = {
  Node: [
    nameCol,
    { name: 'Status', cell: nodeStatus },
    { name: 'Roles', cell: () => '<none>' },
    ageCol,
    { name: 'Version', cell: (n) => String(obj(obj(n.status).nodeInfo).kubeletVersion ?? '') },
  ],
  Pod: [
    nameCol,
    { name: 'Ready', cell: (p) => { const cs = (obj(p.status).containerStatuses ?? []) as JsonObject[]; const n = ((obj(p.spec).containers ?? []) as unknown[]).length; return `${cs.filter((c) => c.ready).length}/${n}`; } },
    { name: 'Status', cell: podStatus },
    { name: 'Restarts', type: 'string', cell: (p) => String(((obj(p.status).containerStatuses ?? []) as JsonObject[]).reduce((a, c) => a + Number(c.restartCount ?? 0), 0)) },
    ageCol,
    { name: 'IP', priority: 1, cell: (p) => String(obj(p.status).podIP ?? '<none>') },
    { name: 'Node', priority: 1, cell: (p) => String(obj(p.spec).nodeName ?? '<none>') },
  ],
  Deployment: [
    nameCol,
    { name: 'Ready', cell: (d) => `${Number(obj(d.status).readyReplicas ?? 0)}/${Number(obj(d.spec).replicas ?? 1)}` },
    { name: 'Up-to-date', type: 'integer', cell: (d) => Number(obj(d.status).updatedReplicas ?? 0) },
    { name: 'Available', type: 'integer', cell: (d) => Number(obj(d.status).availableReplicas ?? 0) },
    ageCol,
  ],
  HorizontalPodAutoscaler: [
    nameCol,
    { name: 'Reference', cell: (h) => `${String(obj(obj(h.spec).scaleTargetRef).kind)}/${String(obj(obj(h.spec).scaleTargetRef).name)}` },
    { name: 'Targets', cell: hpaTargets },
    { name: 'MinPods', type: 'integer', cell: (h) => Number(obj(h.spec).minReplicas ?? 1) },
    { name: 'MaxPods', type: 'integer', cell: (h) => Number(obj(h.spec).maxReplicas ?? 0) },
    { name: 'Replicas', type: 'integer', cell: (h) => Number(obj(h.status).currentReplicas ?? 0) },
    ageCol,
  ],
  ConfigMap: [nameCol, { name: 'Data', type: 'integer', cell: (c) => Object.keys(obj(c.data)).length }, ageCol],
  Namespace: [nameCol, { name: 'Status', cell: (n) => String(obj(n.status).phase ?? 'Active') }, ageCol],
  Service: [
    nameCol,
    { name: 'Type', cell: (s) => String(obj(s.spec).type ?? 'ClusterIP') },
    { name: 'Cluster-IP', cell: (s) => String(obj(s.spec).clusterIP ?? '<none>') },
    { name: 'Ports', cell: (s) => ((obj(s.spec).ports ?? []) as JsonObject[]).map((p) => `${String(p.port)}/${String(p.protocol ?? 'TCP')}`).join(',') || '<none>' },
    ageCol,
  ],
  Event: [
    { name: 'Last Seen', cell: (e) => shortAge(e.lastTimestamp ?? meta(e).creationTimestamp) },
    { name: 'Type', cell: (e) => String(e.type ?? '') },
    { name: 'Reason', cell: (e) => String(e.reason ?? '') },
    { name: 'Object', cell: (e) => `${String(obj(e.involvedObject).kind).toLowerCase()}/${String(obj(e.involvedObject).name)}` },
    { name: 'Message', cell: (e) => String(e.message ?? '') },
  ],
};

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept);
}

function rowObject(o: JsonObject, includeObject: string | null): JsonObject | undefined {
  if (includeObject === 'None') return undefined;
  if (includeObject === 'Object') return o;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: meta(o) };
}

export function toTable(def: ResourceDef, items: readonly JsonObject[], resourceVersion: string, includeObject: string | null, withColumns = true): JsonObject {
  const cols = COLUMNS[def.kind] ?? [nameCol, ageCol];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    ...(withColumns
      ? { columnDefinitions: cols.map((c) => ({ name: c.name, type: c.type ?? 'string', format: c.name === 'Name' ? 'name' : '', description: '', priority: c.priority ?? 0 })) }
      : { columnDefinitions: null }),
    rows: items.map((o) => {
      const object = rowObject(o, includeObject);
      return { cells: cols.map((c) => c.cell(o)), ...(object ? { object } : {}) };
    }),
  } as JsonObject;
}
