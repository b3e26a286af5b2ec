// List, then watch from the list's resourceVersion; after a drop, resume from the last
// resourceVersion seen (events and bookmarks); on 410 Gone, list again. Errors back off (bounded)
// and are reported; stop() ends everything.

import { type KubeConfig, Watch } from '@kubernetes/client-node';
import { KubeApiError, type KubeList, type KubeObject, type KubeRest } from './rest.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'SYNC';

export interface WatcherOptions {
  readonly rest: KubeRest;
  readonly kc: KubeConfig;
  /** collection path, e.g. /api/v1/namespaces/ltop/pods */
  readonly path: string;
  readonly labelSelector?: string;
  /** called after the cache changed: SYNC after a (re-)list, else the event's type and object */
  readonly onChange: (type: WatchEventType, object: KubeObject | undefined) => void;
  /** a failure; the watcher retries after `retryInMs` */
  readonly onError: (err: unknown, retryInMs: number) => void;
  /** the watcher is healthy again after a failure */
  readonly onRecovered?: () => void;
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

const keyOf = (o: KubeObject): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

export class ResourceWatcher {
  private readonly cache = new Map<string, KubeObject>();
  private rv: string | undefined;
  private needList = true;
  private stopped = false;
  private abort: AbortController | undefined;
  private wake: (() => void) | undefined;
  private failures = 0;
  private quickCloses = 0;
  private firstSync: Promise<void>;
  private resolveFirst!: () => void;
  private rejectFirst!: (err: unknown) => void;
  private loop: Promise<void> | undefined;
  /** counters a test (or a debug view) can read */
  readonly stats = { lists: 0, watches: 0, gone: 0, errors: 0 };

  constructor(private readonly opts: WatcherOptions) {
    this.firstSync = new Promise((resolve, reject) => {
      this.resolveFirst = resolve;
      this.rejectFirst = reject;
    });
    this.firstSync.catch(() => {});
  }

  /** Start; resolves after the first list, rejects if that list fails (the watcher keeps retrying). */
  start(): Promise<void> {
    this.loop ??= this.run();
    return this.firstSync;
  }

  items(): KubeObject[] {
    return [...this.cache.values()];
  }

  get resourceVersion(): string | undefined {
    return this.rv;
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
    this.wake?.();
  }

  /** Wait for the loop to end after stop(). */
  async stopped_(): Promise<void> {
    await this.loop;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private backoff(): number {
    const min = this.opts.minBackoffMs ?? 250;
    const max = this.opts.maxBackoffMs ?? 10_000;
    return Math.min(max, min * 2 ** Math.min(this.failures - 1, 10));
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.needList) await this.list();
        const began = Date.now();
        const sawEvents = await this.watchOnce();
        // a server that keeps closing watches at once must not make us spin
        if (!sawEvents && Date.now() - began < 500 && !this.stopped) {
          this.quickCloses++;
          await this.sleep(Math.min(2000, 50 * 2 ** Math.min(this.quickCloses, 6)));
        } else this.quickCloses = 0;
      } catch (err) {
        if (this.stopped) break;
        if (err instanceof KubeApiError && err.code === 410) {
          this.needList = true;
          this.stats.gone++;
          continue;
        }
        this.failures++;
        this.stats.errors++;
        const wait = this.backoff();
        if (this.stats.lists === 0) this.rejectFirst(err);
        this.opts.onError(err, wait);
        await this.sleep(wait);
      }
    }
  }

  private async list(): Promise<void> {
    const list = await this.opts.rest.get<KubeList>(this.opts.path, { query: { labelSelector: this.opts.labelSelector } });
    this.stats.lists++;
    this.cache.clear();
    for (const o of list.items) this.cache.set(keyOf(o), o);
    this.rv = list.metadata?.resourceVersion;
    this.needList = false;
    if (this.failures > 0) {
      this.failures = 0;
      this.opts.onRecovered?.();
    }
    this.opts.onChange('SYNC', undefined);
    this.resolveFirst();
  }

  /** One watch request; resolves (with whether it delivered anything) when it ended, throws on failure or 410. */
  private watchOnce(): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      let gone: KubeApiError | undefined;
      let sawEvent = false;
      const watch = new Watch(this.opts.kc);
      this.stats.watches++;
      const query = {
        resourceVersion: this.rv,
        allowWatchBookmarks: true,
        labelSelector: this.opts.labelSelector,
        // end before client-node's 30 s inactivity timer, like client-go's randomised timeouts
        timeoutSeconds: 20 + Math.floor(Math.random() * 8),
      };
      watch
        .watch(
          this.opts.path,
          query,
          (type: string, obj: KubeObject & { code?: number; message?: string; reason?: string }) => {
            if (this.stopped) return;
            if (type === 'ERROR') {
              const code = Number(obj?.code ?? 500);
              gone = new KubeApiError(code, String(obj?.reason ?? 'Error'), String(obj?.message ?? 'watch error'), 'watch', this.opts.path, obj as Record<string, unknown>);
              return;
            }
            const rv = obj?.metadata?.resourceVersion;
            if (rv) this.rv = rv;
            sawEvent = true;
            if (this.failures > 0) {
              this.failures = 0;
              this.opts.onRecovered?.();
            }
            if (type === 'BOOKMARK') return;
            if (type === 'DELETED') this.cache.delete(keyOf(obj));
            else if (type === 'ADDED' || type === 'MODIFIED') this.cache.set(keyOf(obj), obj);
            else return;
            this.opts.onChange(type, obj);
          },
          (err: unknown) => {
            this.abort = undefined;
            if (this.stopped) return resolve(sawEvent);
            if (gone) return reject(gone);
            if (err) {
              const e = err as { statusCode?: number; name?: string; message?: string };
              if (e.name === 'TimeoutError' || e.name === 'AbortError') return resolve(true); // inactivity: resume at once
              if (e.statusCode) return reject(new KubeApiError(e.statusCode, e.message ?? 'Error', `watch ${this.opts.path}: HTTP ${e.statusCode} ${e.message ?? ''}`.trim(), 'watch', this.opts.path));
              return reject(err);
            }
            resolve(sawEvent);
          },
        )
        .then((controller) => {
          this.abort = controller;
          if (this.stopped) controller.abort();
        })
        .catch(reject);
    });
  }
}
