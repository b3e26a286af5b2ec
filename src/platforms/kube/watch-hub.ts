// One watch per collection for the whole of ltop: the platform's view (the infrastructure and
// workers panels), its cost meter and the target panel ask the hub for (path, labelSelector) and
// share one list+watch (watch.ts: resume from the last resourceVersion, relist on 410 Gone,
// bounded backoff). Nodes and Pending pods are thus read once and shown in every panel.

import type { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError, type KubeObject, type KubeRest } from './rest.js';
import { ResourceWatcher, type WatchEventType } from './watch.js';

/** A read that fails, as the panels say it (the target's model takes the same shape). */
export interface ReadFailure {
  /** plural resource: deployments, horizontalpodautoscalers, pods, nodes, events */
  readonly resource: string;
  /** undefined for cluster-scoped reads */
  readonly namespace?: string;
  readonly code?: number;
  readonly message: string;
}

export interface CollectionSpec {
  /** plural resource name, for messages: pods, nodes, horizontalpodautoscalers */
  readonly resource: string;
  /** collection path, e.g. /api/v1/nodes or /api/v1/namespaces/shop/pods */
  readonly path: string;
  readonly namespace?: string;
  readonly labelSelector?: string;
}

export type Listener = (type: WatchEventType, object: KubeObject | undefined) => void;

export class SharedCollection {
  private readonly listeners = new Set<Listener>();
  private started: Promise<void> | undefined;
  /** the last failure, until a list or an event succeeds again */
  failure: ReadFailure | undefined;
  /** the raw error of that failure and when the watcher tries again (for notices) */
  lastError: { readonly error: unknown; readonly retryInMs: number } | undefined;
  readonly watcher: ResourceWatcher;

  constructor(
    readonly spec: CollectionSpec,
    conn: { readonly rest: KubeRest; readonly kc: KubeConfig },
    backoff: { minBackoffMs?: number; maxBackoffMs?: number },
  ) {
    this.watcher = new ResourceWatcher({
      rest: conn.rest,
      kc: conn.kc,
      path: spec.path,
      ...(spec.labelSelector ? { labelSelector: spec.labelSelector } : {}),
      ...backoff,
      onChange: (type, o) => {
        if (type === 'SYNC') this.clear();
        this.emit(type, o);
      },
      onError: (err, retryInMs) => {
        this.lastError = { error: err, retryInMs };
        this.failure = {
          resource: spec.resource,
          ...(spec.namespace ? { namespace: spec.namespace } : {}),
          ...(err instanceof KubeApiError ? { code: err.code } : {}),
          message: err instanceof Error ? err.message : String(err),
        };
        this.emit('SYNC', undefined);
      },
      onRecovered: () => {
        this.clear();
        this.emit('SYNC', undefined);
      },
    });
  }

  private clear(): void {
    this.failure = undefined;
    this.lastError = undefined;
  }

  items(): KubeObject[] {
    return this.watcher.items();
  }

  /** Starts the watch once; resolves after the first list, whether it succeeded or not. */
  start(): Promise<void> {
    this.started ??= this.watcher.start().catch(() => undefined);
    return this.started;
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(type: WatchEventType, o: KubeObject | undefined): void {
    for (const fn of this.listeners) fn(type, o);
  }
}

export class WatchHub {
  private readonly collections = new Map<string, SharedCollection>();

  constructor(
    private readonly conn: { readonly rest: KubeRest; readonly kc: KubeConfig },
    private readonly backoff: { minBackoffMs?: number; maxBackoffMs?: number } = {},
  ) {}

  /** The one shared collection for this path and selector (created on first use). */
  collection(spec: CollectionSpec): SharedCollection {
    const key = `${spec.path}?${spec.labelSelector ?? ''}`;
    let c = this.collections.get(key);
    if (!c) this.collections.set(key, (c = new SharedCollection(spec, this.conn, this.backoff)));
    return c;
  }

  /** Every pod any collection holds (ltop's namespace, the target's), once each. */
  podsEverywhere(): KubeObject[] {
    const pods = new Map<string, KubeObject>();
    for (const c of this.collections.values()) {
      if (c.spec.resource !== 'pods') continue;
      for (const p of c.items()) pods.set(`${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`, p);
    }
    return [...pods.values()];
  }

  /** how many list+watch loops run: one per distinct collection */
  get size(): number {
    return this.collections.size;
  }

  stop(): void {
    for (const c of this.collections.values()) c.watcher.stop();
  }
}

export const collections = {
  nodes: (): CollectionSpec => ({ resource: 'nodes', path: '/api/v1/nodes' }),
  pods: (ns: string, labelSelector?: string): CollectionSpec => ({ resource: 'pods', path: `/api/v1/namespaces/${ns}/pods`, namespace: ns, ...(labelSelector ? { labelSelector } : {}) }),
  events: (ns: string): CollectionSpec => ({ resource: 'events', path: `/api/v1/namespaces/${ns}/events`, namespace: ns }),
  deployments: (ns: string, labelSelector?: string): CollectionSpec => ({ resource: 'deployments', path: `/apis/apps/v1/namespaces/${ns}/deployments`, namespace: ns, ...(labelSelector ? { labelSelector } : {}) }),
  hpas: (ns: string): CollectionSpec => ({ resource: 'horizontalpodautoscalers', path: `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`, namespace: ns }),
};
