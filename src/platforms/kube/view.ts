// The platform's live view of the namespace: watchers on pods, deployments, HPAs and events,
// turned into platform/workers, platform/resources and platform/log events.

import type { EmitPlatformEvent } from '../platform.js';
import type { KubeConnection } from './config.js';
import { explain } from './errors.js';
import { LABEL_NAME } from './names.js';
import type { KubeObject } from './rest.js';
import { paths } from './rest.js';
import { desiredWorkers, eventLine, eventTime, infraRows, isLtopEvent, workerUnits } from './rows.js';
import { ResourceWatcher, type WatchEventType } from './watch.js';

const SELECTOR = `${LABEL_NAME}=ltop`;
const EVENT_HISTORY_MS = 10 * 60_000;

export class KubeView {
  readonly pods: ResourceWatcher;
  readonly deployments: ResourceWatcher;
  readonly hpas: ResourceWatcher;
  readonly events: ResourceWatcher;
  private readonly listeners = new Set<() => void>();
  private readonly seenEvents = new Map<string, string>();
  private readonly failing = new Set<string>();
  private lastWorkers = '';
  private lastResources = '';
  private lastDesired: number | undefined;

  constructor(
    private readonly conn: KubeConnection,
    private readonly emit: EmitPlatformEvent,
    opts: { minBackoffMs?: number; maxBackoffMs?: number } = {},
  ) {
    const ns = conn.namespace;
    const make = (what: string, path: string, labelSelector: string | undefined, onChange: (t: WatchEventType, o: KubeObject | undefined) => void): ResourceWatcher =>
      new ResourceWatcher({
        rest: conn.rest,
        kc: conn.kc,
        path,
        ...(labelSelector ? { labelSelector } : {}),
        ...opts,
        onChange,
        onError: (err, retryInMs) => {
          this.failing.add(what);
          this.emit({ type: 'platform/notice', level: 'warn', message: `${explain(`watch ${what} in ${ns}`, err)} Retrying in ${Math.round(retryInMs / 100) / 10} s.` });
        },
        onRecovered: () => {
          if (this.failing.delete(what)) this.emit({ type: 'platform/notice', level: 'info', message: `watching ${what} in ${ns} again` });
        },
      });
    const refresh = (): void => this.refresh();
    this.pods = make('pods', paths.pods(ns), SELECTOR, refresh);
    this.deployments = make('deployments', paths.deployments(ns), SELECTOR, refresh);
    this.hpas = make('horizontal pod autoscalers', paths.hpas(ns), SELECTOR, refresh);
    this.events = make('events', paths.events(ns), undefined, (type, o) => this.onEvent(type, o));
  }

  private all(): ResourceWatcher[] {
    return [this.pods, this.deployments, this.hpas, this.events];
  }

  /** Start every watcher; resolves when each has listed once (or `timeoutMs` passed). */
  async start(timeoutMs = 15_000): Promise<void> {
    const first = Promise.allSettled(this.all().map((w) => w.start()));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([first, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  stop(): void {
    for (const w of this.all()) w.stop();
    this.listeners.clear();
  }

  /** Called on every change (after rows were emitted). */
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
    const pods = this.pods.items();
    const workers = workerUnits(pods);
    const resources = infraRows(this.deployments.items(), this.hpas.items(), pods);
    // emit only what changed (ages inside details change by themselves: compare without them)
    const wKey = JSON.stringify(workers);
    if (wKey !== this.lastWorkers) {
      this.lastWorkers = wKey;
      this.emit({ type: 'platform/workers', workers });
    }
    const rKey = JSON.stringify(resources.map((r) => ({ ...r, detail: r.detail?.replace(/ · age \S+/, '') })));
    if (rKey !== this.lastResources) {
      this.lastResources = rKey;
      this.emit({ type: 'platform/resources', resources });
    }
    const desired = desiredWorkers(this.deployments.items(), this.hpas.items());
    if (desired !== undefined && desired !== this.lastDesired) {
      this.lastDesired = desired;
      this.emit({ type: 'platform/expected-workers', expectedWorkers: desired });
    }
    for (const l of [...this.listeners]) l();
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
  }
}
