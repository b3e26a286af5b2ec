// One watch per collection for the whole of ltop: the target panel, the infrastructure panel
// and the platform's own view ask the hub for (path, labelSelector) and share one list+watch
// (src/platforms/kube/watch.ts: resume from the last resourceVersion, relist on 410 Gone,
// bounded backoff). Nodes and Pending pods are thus read once and shown in both panels.

import type { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError, type KubeObject, type KubeRest } from '../platforms/kube/rest.js';
import { ResourceWatcher, type WatchEventType } from '../platforms/kube/watch.js';
import type { ReadFailure } from './model.js';

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
        if (type === 'SYNC') this.failure = undefined;
        this.emit(type, o);
      },
      onError: (err) => {
        this.failure = {
          resource: spec.resource,
          ...(spec.namespace ? { namespace: spec.namespace } : {}),
          ...(err instanceof KubeApiError ? { code: err.code } : {}),
          message: err instanceof Error ? err.message : String(err),
        };
        this.emit('SYNC', undefined);
      },
      onRecovered: () => {
        this.failure = undefined;
        this.emit('SYNC', undefined);
      },
    });
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
