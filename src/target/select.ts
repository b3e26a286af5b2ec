// A Deployment's spec.selector (matchLabels + matchExpressions) applied to labels, as the
// Deployment controller does to find its pods.

type Obj = Record<string, unknown>;

export function matchesSelector(selector: unknown, labels: Readonly<Record<string, string>> | undefined): boolean {
  const sel = (selector && typeof selector === 'object' ? selector : {}) as Obj;
  const l = labels ?? {};
  const matchLabels = (sel.matchLabels ?? {}) as Record<string, string>;
  const exprs = (Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []) as Array<{ key?: string; operator?: string; values?: string[] }>;
  // an empty selector selects nothing for a Deployment (the API server rejects one)
  if (Object.keys(matchLabels).length === 0 && exprs.length === 0) return false;
  for (const [k, v] of Object.entries(matchLabels)) if (l[k] !== v) return false;
  for (const e of exprs) {
    const has = e.key !== undefined && Object.prototype.hasOwnProperty.call(l, e.key);
    const value = e.key !== undefined ? l[e.key] : undefined;
    const values = e.values ?? [];
    if (e.operator === 'In' && !(has && values.includes(value!))) return false;
    if (e.operator === 'NotIn' && has && values.includes(value!)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
