// The object store: one global resourceVersion counter, a history of watch events (until
// compact() drops it), and server-side-apply field ownership per object.

import { randomUUID } from 'node:crypto';
import { type Json, type JsonObject, applyMerge, clone, deletePath, displayPath, fieldsV1, leafPaths } from './patch.js';
import { type ResourceDef, apiVersionOf } from './resources.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  readonly rv: number;
  readonly type: EventType;
  readonly def: ResourceDef;
  readonly namespace: string;
  readonly object: JsonObject;
}

interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  subresource?: string;
  apiVersion: string;
  time: string;
  fields: Set<string>;
}

export interface WriteOptions {
  readonly manager: string;
  readonly subresource?: string;
}

export class ApplyConflict extends Error {
  constructor(readonly conflicts: ReadonlyArray<{ manager: string; subresource?: string; apiVersion: string; path: string }>) {
    super(
      `Apply failed with ${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'}: ` +
        conflicts.map((c) => `conflict with "${c.manager}"${c.subresource ? ` with subresource "${c.subresource}"` : ''} using ${c.apiVersion}: ${c.path}`).join('\n'),
    );
  }
}

const now = (): string => new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const meta = (o: JsonObject): JsonObject => (o.metadata ??= {}) as JsonObject;
const defKey = (def: ResourceDef): string => `${def.group}/${def.resource}`;

export class Store {
  private rv = 1;
  private readonly objects = new Map<string, Map<string, JsonObject>>();
  private readonly owners = new Map<string, ManagerEntry[]>(); // by uid
  private history: StoreEvent[] = [];
  private compactedRv = 0;
  private readonly listeners = new Set<(e: StoreEvent) => void>();

  get resourceVersion(): string {
    return String(this.rv);
  }

  /** The oldest resourceVersion a watch may still start from. */
  get oldestWatchableRv(): number {
    return this.compactedRv;
  }

  /** Forget the event history, like etcd compaction: older watch starts get 410 Gone. */
  compact(): void {
    this.compactedRv = this.rv;
    this.history = [];
  }

  subscribe(fn: (e: StoreEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  eventsSince(rv: number): readonly StoreEvent[] {
    return this.history.filter((e) => e.rv > rv);
  }

  private bucket(def: ResourceDef): Map<string, JsonObject> {
    let b = this.objects.get(defKey(def));
    if (!b) this.objects.set(defKey(def), (b = new Map()));
    return b;
  }

  get(def: ResourceDef, namespace: string, name: string): JsonObject | undefined {
    const o = this.bucket(def).get(`${namespace}/${name}`);
    return o ? clone(o) : undefined;
  }

  list(def: ResourceDef, namespace?: string): JsonObject[] {
    return [...this.bucket(def).values()]
      .filter((o) => namespace === undefined || meta(o).namespace === namespace)
      .sort((a, b) => String(meta(a).name).localeCompare(String(meta(b).name)))
      .map((o) => clone(o));
  }

  private record(type: EventType, def: ResourceDef, obj: JsonObject): void {
    const e: StoreEvent = { rv: this.rv, type, def, namespace: String(meta(obj).namespace ?? ''), object: clone(obj) };
    this.history.push(e);
    if (this.history.length > 20000) this.history.shift();
    for (const l of [...this.listeners]) l(e);
  }

  private renderOwners(obj: JsonObject): void {
    const entries = this.owners.get(String(meta(obj).uid)) ?? [];
    meta(obj).managedFields = entries.map((e) => ({
      manager: e.manager,
      operation: e.operation,
      apiVersion: e.apiVersion,
      time: e.time,
      fieldsType: 'FieldsV1',
      fieldsV1: fieldsV1(e.fields),
      ...(e.subresource ? { subresource: e.subresource } : {}),
    }));
  }

  private entry(uid: string, manager: string, operation: 'Apply' | 'Update', apiVersion: string, subresource?: string): ManagerEntry {
    let list = this.owners.get(uid);
    if (!list) this.owners.set(uid, (list = []));
    let e = list.find((x) => x.manager === manager && x.operation === operation && x.subresource === subresource);
    if (!e) list.push((e = { manager, operation, apiVersion, time: now(), fields: new Set(), ...(subresource ? { subresource } : {}) }));
    e.time = now();
    return e;
  }

  private prune(uid: string): void {
    const list = this.owners.get(uid);
    if (list) this.owners.set(uid, list.filter((e) => e.fields.size > 0));
  }

  /** Ownership after a non-apply write: changed leaves move to the writer's Update entry. */
  private trackUpdate(def: ResourceDef, before: JsonObject | undefined, after: JsonObject, opts: WriteOptions): void {
    const uid = String(meta(after).uid);
    const old = before ? leafPaths(before) : new Map<string, string>();
    const cur = leafPaths(after);
    const changed = [...cur].filter(([p, v]) => old.get(p) !== v).map(([p]) => p);
    const removed = [...old.keys()].filter((p) => !cur.has(p));
    const list = this.owners.get(uid) ?? [];
    for (const e of list) for (const p of [...changed, ...removed]) e.fields.delete(p);
    if (changed.length > 0) {
      const e = this.entry(uid, opts.manager, 'Update', apiVersionOf(def), opts.subresource);
      for (const p of changed) e.fields.add(p);
    }
    this.prune(uid);
  }

  create(def: ResourceDef, obj: JsonObject, opts: WriteOptions): JsonObject {
    const o = clone(obj);
    const m = meta(o);
    m.uid = randomUUID();
    m.creationTimestamp = now();
    if ('spec' in o) m.generation = 1;
    o.apiVersion = apiVersionOf(def);
    o.kind = def.kind;
    this.rv++;
    m.resourceVersion = String(this.rv);
    this.trackUpdate(def, undefined, o, opts);
    this.renderOwners(o);
    this.bucket(def).set(`${m.namespace ?? ''}/${m.name}`, o);
    this.record('ADDED', def, o);
    return clone(o);
  }

  /** Replace an object (already validated by the caller); bumps generation when spec changed. */
  update(def: ResourceDef, obj: JsonObject, opts: WriteOptions | undefined): JsonObject {
    const m = meta(obj);
    const key = `${m.namespace ?? ''}/${m.name}`;
    const before = this.bucket(def).get(key);
    if (!before) throw new Error(`update of missing ${key}`);
    const o = clone(obj);
    const om = meta(o);
    const bm = meta(before);
    om.uid = bm.uid ?? null;
    om.creationTimestamp = bm.creationTimestamp ?? null;
    o.apiVersion = apiVersionOf(def);
    o.kind = def.kind;
    if ('spec' in o) {
      const gen = Number(bm.generation ?? 1);
      om.generation = JSON.stringify(o.spec) !== JSON.stringify(before.spec) ? gen + 1 : gen;
    }
    if (JSON.stringify({ ...o, metadata: { ...om, resourceVersion: null, managedFields: null } }) ===
        JSON.stringify({ ...before, metadata: { ...bm, resourceVersion: null, managedFields: null } })) {
      return clone(before); // a no-op write does not bump resourceVersion
    }
    if (opts) this.trackUpdate(def, before, o, opts);
    this.rv++;
    om.resourceVersion = String(this.rv);
    this.renderOwners(o);
    this.bucket(def).set(key, o);
    this.record('MODIFIED', def, o);
    return clone(o);
  }

  remove(def: ResourceDef, namespace: string, name: string): JsonObject | undefined {
    const key = `${namespace}/${name}`;
    const o = this.bucket(def).get(key);
    if (!o) return undefined;
    this.bucket(def).delete(key);
    this.owners.delete(String(meta(o).uid));
    this.rv++;
    meta(o).resourceVersion = String(this.rv);
    this.record('DELETED', def, o);
    return clone(o);
  }

  /**
   * Server-side apply of `applied` by `manager`. Conflicts: a field `applied` sets to a different
   * value than the live one while another manager owns it; `force` takes the field over instead.
   * Fields the manager applied before and no longer applies are removed unless someone else owns them.
   */
  apply(def: ResourceDef, namespace: string, name: string, applied: JsonObject, manager: string, force: boolean, defaults?: (o: JsonObject) => void): { object: JsonObject; created: boolean } {
    const body = clone(applied);
    delete body.status;
    const bodyMeta = meta(body);
    for (const k of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields']) delete bodyMeta[k];
    if (def.namespaced) bodyMeta.namespace = namespace;
    else delete bodyMeta.namespace;
    const appliedLeaves = leafPaths(body);
    const live = this.bucket(def).get(`${def.namespaced ? namespace : ''}/${name}`);
    if (!live) {
      const withDefaults = clone(body);
      defaults?.(withDefaults);
      const created = this.create(def, withDefaults, { manager });
      const uid = String(meta(created).uid);
      this.owners.set(uid, []);
      const e = this.entry(uid, manager, 'Apply', apiVersionOf(def));
      for (const p of appliedLeaves.keys()) e.fields.add(p);
      const stored = this.bucket(def).get(`${def.namespaced ? namespace : ''}/${name}`)!;
      this.renderOwners(stored);
      return { object: clone(stored), created: true };
    }
    const uid = String(meta(live).uid);
    const entries = this.owners.get(uid) ?? [];
    const liveLeaves = leafPaths(live);
    const conflicts: Array<{ manager: string; subresource?: string; apiVersion: string; path: string; entry: ManagerEntry; raw: string }> = [];
    for (const [p, v] of appliedLeaves) {
      if (liveLeaves.get(p) === v) continue;
      for (const e of entries) {
        if (e.manager === manager && e.operation === 'Apply') continue;
        if (e.fields.has(p)) conflicts.push({ manager: e.manager, ...(e.subresource ? { subresource: e.subresource } : {}), apiVersion: e.apiVersion, path: displayPath(p), entry: e, raw: p });
      }
    }
    if (conflicts.length > 0 && !force) throw new ApplyConflict(conflicts);
    for (const c of conflicts) c.entry.fields.delete(c.raw);
    const mine = this.entry(uid, manager, 'Apply', apiVersionOf(def));
    let next = clone(live);
    for (const p of mine.fields) {
      if (appliedLeaves.has(p)) continue;
      if (entries.some((e) => e !== mine && e.fields.has(p))) continue;
      deletePath(next, p);
    }
    next = applyMerge(next, body) as JsonObject;
    mine.fields = new Set(appliedLeaves.keys());
    // fields someone else changed to the applied value become shared; drop the others' stale claims on removed leaves
    const nextLeaves = leafPaths(next);
    for (const e of entries) for (const p of [...e.fields]) if (!nextLeaves.has(p)) e.fields.delete(p);
    this.prune(uid);
    this.update(def, next, undefined);
    const stored = this.bucket(def).get(`${def.namespaced ? namespace : ''}/${name}`)!;
    this.renderOwners(stored);
    return { object: clone(stored), created: false };
  }

  /** Status writes by the simulated controllers: no ownership tracking, still a new resourceVersion. */
  writeStatus(def: ResourceDef, obj: JsonObject): JsonObject {
    return this.update(def, obj, undefined);
  }

  /** The value as JSON for tests. */
  static json(o: Json): string {
    return JSON.stringify(o);
  }
}
