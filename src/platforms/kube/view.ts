// The platform's live view: ltop's namespace (its pods, deployments, HPAs, events) and the
// cluster's nodes, read through the session's WatchHub (the same list+watch the target panel and
// the cost meter read), turned into platform/workers, platform/resources and platform/log events.
// Rows go out at a bounded rate (a burst of node or pod updates makes one emission) and again
// every half minute so ages stay current; a read that fails shows as its cause, never a blank.

import type { EmitPlatformEvent } from '../platform.js';
import type { KubeConnection } from './config.js';
import { explain } from './errors.js';
import { LABEL_NAME } from './names.js';
import { autoscalerNotes, nodeRows, nodesFailedRow } from './node-rows.js';
import type { KubeObject } from './rest.js';
import { desiredWorkers, eventLine, eventTime, infraRows, isLtopEvent, workerUnits } from './rows.js';
import { collections, type SharedCollection, type WatchHub } from './watch-hub.js';
import type { WatchEventType } from './watch.js';

const EVENT_HISTORY_MS = 10 * 60_000;
/** at most this often a burst of changes becomes rows */
export const ROWS_EVERY_MS = 500;
/** rows are sent again this often even without a change (ages) */
const ROWS_REFRESH_MS = 30_000;

const isLtop = (o: KubeObject): boolean => o.metadata?.labels?.[LABEL_NAME] === 'ltop';

export class KubeView {
  /** every pod, Deployment and HPA in ltop's namespace (a target deployed there shares the same watches) */
  readonly pods: SharedCollection;
  readonly deployments: SharedCollection;
  readonly hpas: SharedCollection;
  readonly events: SharedCollection;
  /** the cluster's nodes: the same collection the target panel and the cost meter read */
  readonly nodes: SharedCollection;
  private readonly listeners = new Set<() => void>();
  private readonly offs: Array<() => void> = [];
  private readonly seenEvents = new Map<string, string>();
  private readonly failing = new Map<string, unknown>();
  private lastWorkers = '';
  private lastResources = '';
  private lastDesired: number | undefined;
  private lastRowsAt = 0;
  private rowsTimer: NodeJS.Timeout | undefined;
  private readonly ageTimer: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly conn: KubeConnection,
    private readonly hub: WatchHub,
    private readonly emit: EmitPlatformEvent,
    private readonly opts: { rowsEveryMs?: number; now?: () => number; unreachableAdvice?: string } = {},
  ) {
    const ns = conn.namespace;
    this.pods = hub.collection(collections.pods(ns));
    // the whole namespace, filtered here to ltop's: a target in the same namespace shares the watches
    this.deployments = hub.collection(collections.deployments(ns));
    this.hpas = hub.collection(collections.hpas(ns));
    this.events = hub.collection(collections.events(ns));
    this.nodes = hub.collection(collections.nodes());
    const watch = (what: string, c: SharedCollection, onChange: (t: WatchEventType, o: KubeObject | undefined) => void, notify = true): void => {
      this.offs.push(
        c.subscribe((type, o) => {
          if (notify) this.noticeHealth(what, c);
          onChange(type, o);
        }),
      );
    };
    const refresh = (): void => this.refresh();
    watch('pods', this.pods, refresh);
    watch('deployments', this.deployments, refresh);
    watch('horizontal pod autoscalers', this.hpas, refresh);
    watch('events', this.events, (type, o) => this.onEvent(type, o));
    // nodes are cluster-scoped: a namespaced Role cannot read them; the panel's row says so, no notices
    watch('nodes', this.nodes, refresh, false);
    this.ageTimer = setInterval(() => this.emitRows(true), ROWS_REFRESH_MS);
    this.ageTimer.unref();
  }

  private all(): SharedCollection[] {
    return [this.pods, this.deployments, this.hpas, this.events, this.nodes];
  }

  /** Start every collection (shared ones already run); resolves when each has listed once (or `timeoutMs` passed). */
  async start(timeoutMs = 15_000): Promise<void> {
    const first = Promise.allSettled(this.all().map((c) => c.start()));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([first, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    this.refresh();
  }

  /** Stops listening; the hub's owner ends the watches (the target panel may share them). */
  stop(): void {
    this.stopped = true;
    for (const off of this.offs.splice(0)) off();
    clearTimeout(this.rowsTimer);
    clearInterval(this.ageTimer);
    this.listeners.clear();
  }

  /** ltop's own pods (master and workers) */
  ltopPods(): KubeObject[] {
    return this.pods.items().filter(isLtop);
  }

  /** Called on every change. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Resolve when `check()` holds, re-checked on every change; reject after `timeoutMs` with `why()`. */
  until<T>(check: () => T | undefined, timeoutMs: number, why: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const first = check();
      if (first !== undefined) return resolve(first);
      const timer = setTimeout(() => {
        off();
        reject(new Error(why()));
      }, timeoutMs);
      const off = this.onChange(() => {
        const v = check();
        if (v !== undefined) {
          clearTimeout(timer);
          off();
          resolve(v);
        }
      });
    });
  }

  refresh(): void {
    if (this.stopped) return;
    const desired = desiredWorkers(this.deployments.items().filter(isLtop), this.hpas.items().filter(isLtop));
    if (desired !== undefined && desired !== this.lastDesired) {
      this.lastDesired = desired;
      this.emit({ type: 'platform/expected-workers', expectedWorkers: desired });
    }
    this.scheduleRows();
    for (const l of [...this.listeners]) l();
  }

  /** The panel's rows now: ltop's objects, Pending pods (with the autoscaler's word), then the nodes. */
  resources(): ReturnType<typeof infraRows> {
    const now = (this.opts.now ?? Date.now)();
    const pods = this.pods.items();
    const rows = infraRows(this.deployments.items().filter(isLtop), this.hpas.items().filter(isLtop), pods, autoscalerNotes(this.events.items()));
    const failure = this.nodes.failure;
    const nodes = this.nodes.items();
    if (failure && nodes.length === 0) rows.push(nodesFailedRow(failure.message, failure.code));
    else rows.push(...nodeRows(nodes, this.hub.podsEverywhere(), now));
    return rows;
  }

  private scheduleRows(): void {
    if (this.rowsTimer || this.stopped) return;
    const every = this.opts.rowsEveryMs ?? ROWS_EVERY_MS;
    const wait = Math.max(0, this.lastRowsAt + every - Date.now());
    this.rowsTimer = setTimeout(() => {
      this.rowsTimer = undefined;
      this.emitRows(false);
    }, wait);
  }

  private emitRows(always: boolean): void {
    if (this.stopped) return;
    this.lastRowsAt = Date.now();
    const workers = workerUnits(this.ltopPods());
    const resources = this.resources();
    // emit only what changed (ages inside details change by themselves: compare without them)
    const wKey = JSON.stringify(workers);
    if (wKey !== this.lastWorkers) {
      this.lastWorkers = wKey;
      this.emit({ type: 'platform/workers', workers });
    }
    const rKey = JSON.stringify(resources.map((r) => ({ ...r, detail: r.detail?.replace(/ · (age|up) \S+/, '') })));
    if (always || rKey !== this.lastResources) {
      this.lastResources = rKey;
      this.emit({ type: 'platform/resources', resources });
    }
  }

  /** One notice when a watch starts failing (and at each new cause), one when it is back. */
  private noticeHealth(what: string, c: SharedCollection): void {
    const last = c.lastError;
    const ns = this.conn.namespace;
    if (last && this.failing.get(what) !== last.error) {
      this.failing.set(what, last.error);
      this.emit({ type: 'platform/notice', level: 'warn', message: `${explain(`watch ${what} in ${ns}`, last.error, this.opts.unreachableAdvice)} Retrying in ${Math.round(last.retryInMs / 100) / 10} s.` });
    } else if (!last && !c.failure && this.failing.delete(what)) {
      this.emit({ type: 'platform/notice', level: 'info', message: `watching ${what} in ${ns} again` });
    }
  }

  private onEvent(type: WatchEventType, o: KubeObject | undefined): void {
    const emitOne = (e: KubeObject): void => {
      if (!isLtopEvent(e)) return;
      const key = e.metadata?.uid ?? `${e.metadata?.name}`;
      const stamp = `${String(e.count ?? 1)}:${String(e.lastTimestamp ?? e.eventTime ?? '')}`;
      if (this.seenEvents.get(key) === stamp) return;
      this.seenEvents.set(key, stamp);
      if (this.seenEvents.size > 5000) this.seenEvents.delete(this.seenEvents.keys().next().value!);
      this.emit({ type: 'platform/log', source: 'kube', line: eventLine(e), at: eventTime(e) });
    };
    if (type === 'SYNC') {
      const recent = this.events
        .items()
        .filter((e) => Date.now() - eventTime(e) < EVENT_HISTORY_MS)
        .sort((a, b) => eventTime(a) - eventTime(b))
        .slice(-30);
      for (const e of recent) emitOne(e);
    } else if (o && type !== 'DELETED') emitOne(o);
    // an autoscaler's event changes a Pending row
    if (o && autoscalerNotes([o]).size) this.scheduleRows();
  }
}
