// Label and field selectors, as the real API server parses them (equality, set-based, existence).

type Requirement = (get: (key: string) => string | undefined) => boolean;

function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

export class SelectorError extends Error {}

function parseRequirement(expr: string): Requirement {
  let m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(expr);
  if (m) {
    const key = m[1]!;
    const values = m[3]!.split(',').map((v) => v.trim());
    return m[2] === 'in' ? (get) => values.includes(get(key) ?? '\u0000') : (get) => !values.includes(get(key) ?? '\u0000');
  }
  m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(expr);
  if (m) {
    const key = m[1]!;
    const value = m[3]!;
    return m[2] === '!=' ? (get) => get(key) !== value : (get) => get(key) === value;
  }
  m = /^!([^=!\s]+)$/.exec(expr);
  if (m) {
    const key = m[1]!;
    return (get) => get(key) === undefined;
  }
  m = /^([^=!\s()]+)$/.exec(expr);
  if (m) {
    const key = m[1]!;
    return (get) => get(key) !== undefined;
  }
  throw new SelectorError(`unable to parse requirement: ${expr}`);
}

export function parseLabelSelector(selector: string | null): (labels: Record<string, string> | undefined) => boolean {
  if (!selector) return () => true;
  const reqs = splitTopLevel(selector).map(parseRequirement);
  return (labels) => reqs.every((r) => r((k) => labels?.[k]));
}

function fieldValue(obj: unknown, path: string): string | undefined {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return undefined;
  return String(cur);
}

export function parseFieldSelector(selector: string | null): (obj: unknown) => boolean {
  if (!selector) return () => true;
  const reqs = splitTopLevel(selector).map((expr) => {
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(expr);
    if (!m) throw new SelectorError(`invalid field selector: ${expr}`);
    const [, path, op, value] = m as unknown as [string, string, string, string];
    return (obj: unknown) => {
      const v = fieldValue(obj, path) ?? '';
      return op === '!=' ? v !== value : v === value;
    };
  });
  return (obj) => reqs.every((r) => r(obj));
}

/** A Deployment's matchLabels as the "a=b,c=d" string a Scale reports in status.selector. */
export function matchLabelsString(matchLabels: Record<string, string> | undefined): string {
  return Object.entries(matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
