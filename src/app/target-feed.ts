// The system under test, fed into the store beside the swarm: the target's view (the demo
// target's processes on local, the named Deployments on kube), the application's own rate from
// Prometheus when configured, and one scaling-timeline sample every couple of seconds. Started
// from wire.ts, not from the platforms: the target is not the platform's (the kube platform
// watches ltop's own master and workers; the target may live in any namespace). On kube and eks
// it reads through the session's KubeLink: the platform's connection and WatchHub, so the nodes
// (and the pods of a namespace both watch) are one list+watch shown in every panel. Without a
// link (a caller of its own) it opens a connection from --context / --namespace / --kubeconfig.
import type { ResolvedOptions } from '../cli/options.js';
import { PrometheusClient } from '../prometheus/client.js';
import { PrometheusSource } from '../prometheus/source.js';
import type { KubeLink } from '../platforms/kube/link.js';
import { currentRps } from '../state/selectors.js';
import type { Store } from '../state/store.js';
import { LocalTargetSource } from '../target/local.js';
import { timelineSample } from '../target/timeline.js';
import { emptyTargetView, type TargetView } from '../target/view.js';

/** how often the scaling timeline takes a sample (the Locust poll is 2 s too) */
export const TIMELINE_SAMPLE_MS = 2000;

interface Stoppable {
  stop(): void;
}

export interface TargetFeed {
  /** whether a target is followed (headless prints the scaling line only then) */
  readonly hasTarget: boolean;
  /** stops every source and timer it started; safe to call twice */
  stop(): void;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function startTargetFeed(options: ResolvedOptions, store: Store, intervals: { localMs?: number; sampleMs?: number } = {}, link?: KubeLink): TargetFeed {
  const running: Stoppable[] = [];
  let stopped = false;
  const onView = (view: TargetView): void => {
    if (!stopped) store.dispatch({ type: 'target/view', view });
  };
  const localDemo = options.platform === 'local' && options.host === undefined;
  const onKube = options.platform === 'kube' || (options.platform === 'eks' && link !== undefined);
  const kubeTarget = onKube && (options.target.deployments !== undefined || options.target.selector !== undefined);

  // local: follow the demo target ltop started, on whatever URL it listens (a scenario switch
  // may restart it elsewhere)
  if (localDemo) {
    let source: LocalTargetSource | null = null;
    let url = '';
    const follow = (): void => {
      const host = store.getState().targetHost;
      if (stopped || !host || host === url) return;
      url = host;
      source?.stop();
      source = new LocalTargetSource({ url: host, onView, ...(intervals.localMs ? { intervalMs: intervals.localMs } : {}) });
      source.start();
    };
    const off = store.subscribe(follow);
    follow();
    running.push({ stop: () => (off(), source?.stop()) });
  }

  // kube: the named Deployments (and their HPAs, pods, nodes, events) through one WatchHub
  const kube = kubeTarget || (onKube && options.prometheus?.service !== undefined) ? (link ? fromLink(link) : openKube(options)) : null;
  if (kubeTarget && kube) {
    void kube
      .then(async ({ hub, contextNamespace }) => {
        const { parseTargetOptions } = await import('../target/options.js');
        const { KubeTargetSource } = await import('../target/kube-source.js');
        const selection = parseTargetOptions(options.target, contextNamespace);
        if (!selection || stopped) return;
        const source = new KubeTargetSource({ hub, selection, onView });
        running.push(source);
        await source.start();
      })
      .catch((error: unknown) => onView(emptyTargetView('kube', Date.now(), [`target: ${message(error)}`])));
  }

  // Prometheus: a URL anywhere, or an in-cluster service through the kube API server's proxy
  const settings = options.prometheus;
  if (settings) {
    const begin = (client: PrometheusClient): void => {
      if (stopped) return;
      const source = new PrometheusSource({ client, queries: settings.queries, intervalMs: settings.intervalMs, onSample: (sample) => store.dispatch({ type: 'prometheus/sample', sample }) });
      running.push(source);
      source.start();
    };
    const failed = (error: unknown): void => store.dispatch({ type: 'prometheus/sample', sample: { at: Date.now(), error: message(error) } });
    if (settings.client) begin(new PrometheusClient(settings.client));
    else if (settings.service && kube) {
      const service = settings.service;
      void kube.then(async ({ conn }) => {
        const { kubeProxyClient } = await import('../prometheus/kube-proxy.js');
        begin(kubeProxyClient(conn.rest, service));
      }).catch(failed);
    } else failed(new Error('--prometheus-service needs --platform kube (use --prometheus URL here)'));
  }

  // the timeline: what the swarm and the target said last, on one axis
  const sampler = setInterval(() => {
    const state = store.getState();
    const p95 = state.locust?.currentP95;
    store.dispatch({
      type: 'target/sample',
      sample: timelineSample(
        Date.now(),
        { users: state.locust?.users ?? 0, rps: currentRps(state), ...(p95 !== null && p95 !== undefined ? { p95Ms: p95 } : {}), ...(state.requested ? { requestedUsers: state.requested.users } : {}) },
        state.target ?? undefined,
        state.serverSample ?? undefined,
      ),
    });
  }, intervals.sampleMs ?? TIMELINE_SAMPLE_MS);
  sampler.unref();
  running.push({ stop: () => clearInterval(sampler) });

  return {
    hasTarget: localDemo || kubeTarget,
    stop() {
      if (stopped) return;
      stopped = true;
      for (const source of running.splice(0).reverse()) source.stop();
      // a link's hub is the session's (its owner stops it); a hub of our own is ours to stop
      if (!link) void kube?.then(({ hub }) => hub.stop()).catch(() => undefined);
    },
  };
}

type KubeFor = { conn: import('../platforms/kube/config.js').KubeConnection; hub: import('../target/watch-hub.js').WatchHub; contextNamespace: string };

/** The platform's connection and hub, once it connected. */
async function fromLink(link: KubeLink): Promise<KubeFor> {
  const { conn, hub } = await link.ready;
  return { conn, hub, contextNamespace: conn.kc.getContextObject(conn.context)?.namespace ?? 'default' };
}

/** The kube connection for the target, loaded only on kube (the client weighs ~90 MB). */
async function openKube(options: ResolvedOptions): Promise<KubeFor> {
  const { connect } = await import('../platforms/kube/config.js');
  const { WatchHub } = await import('../target/watch-hub.js');
  const conn = connect({ ...(options.context ? { context: options.context } : {}), ...(options.namespace ? { namespace: options.namespace } : {}), ...(options.kubeconfig ? { kubeconfigPath: options.kubeconfig } : {}) });
  // --target-namespace defaults to the context's namespace (not ltop's own --namespace)
  const contextNamespace = conn.kc.getContextObject(conn.context)?.namespace ?? 'default';
  return { conn, hub: new WatchHub(conn), contextNamespace };
}
