// Patch formats and server-side-apply field ownership.
//
// Field sets are sets of leaf paths (".spec.replicas", ".metadata.labels.app"). Lists are atomic
// leaves (the real server merges some lists by key, e.g. containers by name; see README.md).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

export const clone = <T>(v: T): T => structuredClone(v);

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const out: JsonObject = isObject(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k] ?? null, v);
  }
  return out;
}

/**
 * Strategic merge patch, as far as the objects here need it: maps merge, `null` deletes, lists of
 * objects that all carry `name` merge by name (containers, env, ports, volumes), other lists
 * replace. Directives ($setElementOrder/…, $retainKeys) are accepted and ignored; `$patch: delete`
 * on a named list item removes it; `$patch: replace` on a map replaces it.
 */
export function strategicMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return clone(rest);
  }
  const out: JsonObject = isObject(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$setElementOrder/') || k === '$retainKeys' || k.startsWith('$deleteFromPrimitiveList/')) continue;
    if (v === null) {
      delete out[k];
      continue;
    }
    const cur = out[k];
    if (Array.isArray(v) && Array.isArray(cur) && isNamedList(v) && isNamedList(cur)) {
      const merged = cur.map((c) => clone(c)) as JsonObject[];
      for (const item of v as JsonObject[]) {
        const idx = merged.findIndex((m) => m.name === item.name);
        if (item.$patch === 'delete') {
          if (idx >= 0) merged.splice(idx, 1);
        } else if (idx >= 0) merged[idx] = strategicMergePatch(merged[idx]!, item) as JsonObject;
        else merged.push(clone(item));
      }
      out[k] = merged;
    } else out[k] = strategicMergePatch(cur ?? null, v);
  }
  return out;
}

function isNamedList(list: Json[]): boolean {
  return list.length > 0 && list.every((i) => isObject(i) && typeof i.name === 'string');
}

export class PatchError extends Error {}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** RFC 6902 JSON patch: add, remove, replace, test (copy/move are not needed here). */
export function jsonPatch(target: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw new PatchError('json patch must be an array');
  let doc = clone(target);
  for (const raw of ops) {
    if (!isObject(raw)) throw new PatchError('json patch operation must be an object');
    const op = raw.op;
    const parts = pointer(String(raw.path));
    if (parts.length === 0) {
      if (op === 'add' || op === 'replace') doc = clone(raw.value ?? null);
      continue;
    }
    const last = parts[parts.length - 1]!;
    let parent: Json = doc;
    for (const p of parts.slice(0, -1)) {
      parent = Array.isArray(parent) ? (parent[Number(p)] ?? null) : isObject(parent) ? (parent[p] ?? null) : null;
      if (parent === null) throw new PatchError(`path ${String(raw.path)} does not exist`);
    }
    if (op === 'test') {
      const cur = Array.isArray(parent) ? parent[Number(last)] : isObject(parent) ? parent[last] : undefined;
      if (JSON.stringify(cur) !== JSON.stringify(raw.value)) throw new PatchError(`test failed at ${String(raw.path)}`);
    } else if (Array.isArray(parent)) {
      const idx = last === '-' ? parent.length : Number(last);
      if (op === 'add') parent.splice(idx, 0, clone(raw.value ?? null));
      else if (op === 'remove') parent.splice(idx, 1);
      else if (op === 'replace') parent[idx] = clone(raw.value ?? null);
      else throw new PatchError(`unsupported op ${String(op)}`);
    } else if (isObject(parent)) {
      if (op === 'add' || op === 'replace') {
        if (op === 'replace' && !(last in parent)) throw new PatchError(`replace: ${String(raw.path)} does not exist`);
        parent[last] = clone(raw.value ?? null);
      } else if (op === 'remove') {
        if (!(last in parent)) throw new PatchError(`remove: ${String(raw.path)} does not exist`);
        delete parent[last];
      } else throw new PatchError(`unsupported op ${String(op)}`);
    }
  }
  return doc;
}

// ---- server-side apply field ownership ----
// A path is a JSON-encoded array of keys (label keys contain dots); displayPath() renders the
// ".metadata.labels.app.kubernetes.io/name" form the real server prints in conflicts.

const UNTRACKED_METADATA = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'deletionTimestamp', 'selfLink']);

export const displayPath = (path: string): string => '.' + (JSON.parse(path) as string[]).join('.');

/** Leaf paths an object sets, with their JSON value (status, apiVersion, kind and system metadata are not tracked). */
export function leafPaths(obj: Json): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: Json, path: string[]): void => {
    if (isObject(v) && Object.keys(v).length > 0) {
      for (const [k, child] of Object.entries(v)) walk(child, [...path, k]);
    } else out.set(JSON.stringify(path), JSON.stringify(v));
  };
  if (!isObject(obj)) return out;
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind' || k === 'status') continue;
    if (k === 'metadata' && isObject(v)) {
      for (const [mk, mv] of Object.entries(v)) if (!UNTRACKED_METADATA.has(mk)) walk(mv, ['metadata', mk]);
      continue;
    }
    walk(v, [k]);
  }
  return out;
}

export function deletePath(obj: Json, path: string): void {
  const parts = JSON.parse(path) as string[];
  const stack: JsonObject[] = [];
  let cur: Json | undefined = obj;
  for (const p of parts.slice(0, -1)) {
    if (!isObject(cur)) return;
    stack.push(cur);
    cur = cur[p];
  }
  if (!isObject(cur)) return;
  delete cur[parts[parts.length - 1]!];
  // prune maps the removal left empty (below the top level)
  for (let i = parts.length - 2; i >= 1; i--) {
    const parent = stack[i]!;
    const child = parent[parts[i]!];
    if (isObject(child) && Object.keys(child).length === 0) delete parent[parts[i]!];
    else break;
  }
}

/** Deep merge for apply: maps merge, everything else (lists included) replaces. */
export function applyMerge(live: Json, applied: Json): Json {
  if (!isObject(applied) || !isObject(live)) return clone(applied);
  const out = clone(live);
  for (const [k, v] of Object.entries(applied)) out[k] = k in out ? applyMerge(out[k]!, v) : clone(v);
  return out;
}

/** fieldsV1 rendering of a set of leaf paths ({"f:spec":{"f:replicas":{}}}). */
export function fieldsV1(paths: Iterable<string>): JsonObject {
  const root: JsonObject = {};
  for (const path of paths) {
    let cur = root;
    for (const p of JSON.parse(path) as string[]) {
      const key = `f:${p}`;
      cur[key] ??= {};
      cur = cur[key] as JsonObject;
    }
  }
  return root;
}
