// Watches the system under test (its Deployments, their HPAs, pods, the nodes, the namespace's
// events) through the shared WatchHub and publishes a TargetView after changes, coalesced so a
// burst of events makes one view.

import { buildTargetView, type TargetSelection } from './model.js';
import { collections, type SharedCollection, type WatchHub } from './watch-hub.js';
import type { TargetView } from './view.js';

export interface KubeTargetSourceOptions {
  readonly hub: WatchHub;
  readonly selection: TargetSelection;
  readonly onView: (v: TargetView) => void;
  /** coalescing delay (default 100 ms) */
  readonly debounceMs?: number;
  readonly now?: () => number;
}

export class KubeTargetSource {
  private readonly parts: { deployments: SharedCollection; hpas: SharedCollection; pods: SharedCollection; nodes: SharedCollection; events: SharedCollection };
  private readonly offs: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly opts: KubeTargetSourceOptions) {
    const ns = opts.selection.namespace;
    const hub = opts.hub;
    this.parts = {
      deployments: hub.collection(collections.deployments(ns, opts.selection.selector)),
      hpas: hub.collection(collections.hpas(ns)),
      pods: hub.collection(collections.pods(ns)),
      nodes: hub.collection(collections.nodes()),
      events: hub.collection(collections.events(ns)),
    };
  }

  /** Starts the watches; resolves once each has listed (or failed to), with the first view published. */
  async start(): Promise<TargetView> {
    for (const c of Object.values(this.parts)) this.offs.push(c.subscribe(() => this.schedule()));
    await Promise.all(Object.values(this.parts).map((c) => c.start()));
    const v = this.view();
    this.opts.onView(v);
    return v;
  }

  view(): TargetView {
    const p = this.parts;
    const failures = Object.values(p).flatMap((c) => (c.failure ? [c.failure] : []));
    return buildTargetView(
      this.opts.selection,
      { deployments: p.deployments.items(), hpas: p.hpas.items(), pods: p.pods.items(), nodes: p.nodes.items(), events: p.events.items(), failures },
      (this.opts.now ?? Date.now)(),
    );
  }

  /** Unsubscribes; the hub's owner stops the watches (other panels may share them). */
  stop(): void {
    this.stopped = true;
    for (const off of this.offs.splice(0)) off();
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) this.opts.onView(this.view());
    }, this.opts.debounceMs ?? 100);
  }
}
