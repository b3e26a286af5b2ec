// One Kubernetes connection and one WatchHub for a whole ltop session, made by the platform when
// it connects (kube: the user's kubeconfig; eks: the cluster's, with its token) and handed to
// whatever else watches the cluster (the target panel, Prometheus through the service proxy).
// Types only here: the local platform must not load the Kubernetes client.
import type { KubeConnection } from './config.js';
import type { WatchHub } from './watch-hub.js';

export interface KubeShared {
  readonly conn: KubeConnection;
  readonly hub: WatchHub;
}

export class KubeLink {
  private shared: KubeShared | undefined;
  private resolve!: (shared: KubeShared) => void;
  private stopped = false;
  /** resolves once the platform connected */
  readonly ready: Promise<KubeShared>;

  constructor() {
    this.ready = new Promise((resolve) => (this.resolve = resolve));
  }

  /** The session's connection and hub: the first caller's `make`; every later caller gets the same. */
  offer(make: () => KubeShared): KubeShared {
    if (!this.shared) {
      this.shared = make();
      this.resolve(this.shared);
      if (this.stopped) this.shared.hub.stop();
    }
    return this.shared;
  }

  /** Ends every watch of the hub (after the session's last save; the platform's detach leaves them to this). */
  stop(): void {
    this.stopped = true;
    this.shared?.hub.stop();
  }
}
