// An HPA's metrics as the autoscaling/v2 status reports them: each spec metric's target next to
// the matching currentMetrics entry (Resource and ContainerResource utilisation or average
// value, Pods and Object and External values), formatted as kubectl's TARGETS column does.

import type { KubeObject } from '../platforms/kube/rest.js';
import type { HpaMetricView, HpaView } from './view.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const num = (v: unknown, d = 0): number => (typeof v === 'number' ? v : Number(v ?? d) || d);

/** Kubernetes quantities ("500m", "2", "1.5k", "256Mi") as numbers, for ratios. */
export function quantity(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit: Record<string, number> = { '': 1, m: 1e-3, u: 1e-6, n: 1e-9, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
  const f = unit[m[2]!];
  return f === undefined ? undefined : n * f;
}

/** The identity of a metric, to pair a spec entry with its status entry. */
function keyOf(m: Obj): { type: string; name: string; source: Obj } {
  const type = String(m.type ?? '');
  const lower = type.charAt(0).toLowerCase() + type.slice(1); // Resource -> resource, ContainerResource -> containerResource
  const source = obj(m[lower]);
  const metricName = String(obj(source.metric).name ?? '');
  const name =
    type === 'Resource' ? String(source.name ?? '')
    : type === 'ContainerResource' ? `${String(source.container ?? '')}/${String(source.name ?? '')}`
    : type === 'Object' ? `${metricName} (${String(obj(source.describedObject).kind ?? '')}/${String(obj(source.describedObject).name ?? '')})`
    : metricName;
  return { type, name, source };
}

function show(target: Obj, current: Obj | undefined): { target: string; current: string; ratio?: number } {
  if (target.averageUtilization !== undefined) {
    const c = current?.averageUtilization;
    return { target: `${num(target.averageUtilization)}%`, current: c === undefined ? '<unknown>' : `${num(c)}%`, ...(c !== undefined ? { ratio: num(c) / Math.max(1, num(target.averageUtilization)) } : {}) };
  }
  const field = target.averageValue !== undefined ? 'averageValue' : 'value';
  const t = target[field];
  const c = current?.[field];
  const tv = quantity(t);
  const cv = quantity(c);
  return {
    target: `${String(t ?? '?')}${field === 'averageValue' ? ' (avg)' : ''}`,
    current: c === undefined ? '<unknown>' : String(c),
    ...(tv !== undefined && cv !== undefined && tv > 0 ? { ratio: cv / tv } : {}),
  };
}

export function hpaMetrics(hpa: KubeObject): HpaMetricView[] {
  const current = arr(obj(hpa.status).currentMetrics).map((m) => ({ ...keyOf(m) }));
  return arr(obj(hpa.spec).metrics).map((m) => {
    const k = keyOf(m);
    const cur = current.find((c) => c.type === k.type && c.name === k.name);
    return { type: k.type, name: k.name, ...show(obj(k.source.target), cur ? obj(cur.source.current) : undefined) };
  });
}

export function hpaView(hpa: KubeObject): HpaView {
  const spec = obj(hpa.spec);
  const st = obj(hpa.status);
  const min = num(spec.minReplicas, 1);
  const max = num(spec.maxReplicas, min);
  const desired = num(st.desiredReplicas);
  const warnings = arr(st.conditions)
    .filter((c) => c.status !== 'True' || c.type === 'ScalingLimited')
    .filter((c) => !(c.type === 'ScalingLimited' && c.status !== 'True'))
    .map((c) => `${String(c.reason ?? c.type)}: ${String(c.message ?? '')}`.trim());
  return {
    name: hpa.metadata?.name ?? '?',
    min,
    max,
    current: num(st.currentReplicas),
    desired,
    metrics: hpaMetrics(hpa),
    ...(typeof st.lastScaleTime === 'string' ? { lastScaleTime: st.lastScaleTime } : {}),
    atMax: desired >= max && max > 0,
    warnings,
  };
}

/** "cpu 85%/50%, requests_per_second 120/100 (avg)": kubectl's TARGETS column. */
export function metricsLine(metrics: readonly HpaMetricView[]): string {
  return metrics.map((m) => `${m.name} ${m.current}/${m.target}`).join(', ');
}
