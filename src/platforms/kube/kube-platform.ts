// The kube platform: ltop's master and workers in any Kubernetes context.

import type { EmitPlatformEvent, Platform, PlatformEndpoints, ScaleResult, ScenarioChoice } from '../platform.js';
import { Discovery } from './apply.js';
import { type KubeConnection, type KubeTarget, connect } from './config.js';
import { type KubeCostOptions, startKubeCostFeed } from './cost-feed.js';
import { applyAll, renderFor, withScenario } from './deploy.js';
import { explain } from './errors.js';
import type { KubeLink } from './link.js';
import { startPodLogFeed } from './log-feed.js';
import { HOST_KEY, MASTER, MASTER_WEB_PORT, SCENARIO_KEY, WORKER } from './names.js';
import { MasterTunnel } from './portforward.js';
import { paths } from './rest.js';
import { component, pendingReason, readyMasterPod, rollout } from './rows.js';
import { scaleWorkers } from './scale.js';
import { currentSettings, switchScenario } from './scenario.js';
import { deleteAll, labelledObjects } from './teardown.js';
import { KubeView } from './view.js';
import { WatchHub } from './watch-hub.js';

export interface KubePlatformOptions extends KubeTarget {
  /** the kustomize overlay to deploy, e.g. k8s/overlays/local */
  readonly overlayDir: string;
  /** workers to expect; default: what the worker Deployment (or its HPA) wants */
  readonly expectedWorkers?: number;
  /** local port for the master's web UI/API; default: a free port */
  readonly localPort?: number;
  /** how long start() and switchScenario() wait for the master (default 5 min) */
  readonly readyTimeoutMs?: number;
  /** refuse teardown (the session's --readonly keymap already hides it; this is a second lock) */
  readonly readonly?: boolean;
  /** kubectl binary used to render the overlay */
  readonly kubectl?: string;
  /** the cost meter from the nodes' AWS labels (--budget, the planned end); off: false */
  readonly cost?: KubeCostOptions | false;
  /** stream the master's and workers' pod logs into the Logs panel (default true) */
  readonly podLogs?: boolean;
  /** watcher retry bounds (tests shorten them) */
  readonly backoff?: { readonly minMs?: number; readonly maxMs?: number };
  /**
   * The session's one connection and WatchHub, shared with the target panel: nodes and pods are
   * read once for every panel. Without it the platform keeps a hub of its own (stopped on detach).
   */
  readonly link?: KubeLink;
  /** what to check when the API server cannot be reached (default: the kubeconfig's context); eks names its allow-list */
  readonly unreachableAdvice?: string;
}

export class KubePlatformError extends Error {}

function bundledName(scenario: ScenarioChoice): string {
  if (scenario.kind === 'file') {
    throw new KubePlatformError(
      `--platform kube runs bundled scenarios only (the image mounts scenarios/ from a ConfigMap); ${scenario.path} is a file of your own: ` +
        'copy it to scenarios/, list it in scenarios/kustomization.yaml, deploy, and pick it by name',
    );
  }
  return scenario.name;
}

export function createKubePlatform(options: KubePlatformOptions, emit: EmitPlatformEvent): Platform {
  let conn: KubeConnection | undefined;
  let discovery: Discovery | undefined;
  /** the platform's own hub when no link was given */
  let ownHub: WatchHub | undefined;
  let view: KubeView | undefined;
  let tunnel: MasterTunnel | undefined;
  /** the pod log and cost feeds: started once on start/attach, stopped on detach/teardown */
  let feeds: { stopLogs?: () => void; cost?: Promise<{ stop(): void } | undefined> } | undefined;
  const readyTimeoutMs = options.readyTimeoutMs ?? 300_000;
  const log = (line: string): void => emit({ type: 'platform/log', source: 'ltop', line, at: Date.now() });
  const notice = (level: 'info' | 'warn' | 'error', message: string): void => emit({ type: 'platform/notice', level, message });

  const backoff = { ...(options.backoff?.minMs ? { minBackoffMs: options.backoff.minMs } : {}), ...(options.backoff?.maxMs ? { maxBackoffMs: options.backoff.maxMs } : {}) };
  const connection = (): KubeConnection => {
    if (!conn) {
      const made = connect(options);
      // with a link, the session's connection wins (the same one the target panel reads through)
      conn = options.link ? options.link.offer(() => ({ conn: made, hub: new WatchHub(made, backoff) })).conn : made;
    }
    discovery ??= new Discovery(conn.rest);
    return conn;
  };
  const hub = (c: KubeConnection): WatchHub => (options.link ? options.link.offer(() => ({ conn: c, hub: new WatchHub(c, backoff) })).hub : (ownHub ??= new WatchHub(c, backoff)));

  /** Run `fn`; a failure becomes an error notice with its cause and fix, and is rethrown with that text. */
  async function step<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const message = err instanceof KubePlatformError ? err.message : explain(doing, err, options.unreachableAdvice);
      notice('error', message);
      throw new KubePlatformError(message, { cause: err });
    }
  }

  async function ensureView(c: KubeConnection): Promise<KubeView> {
    if (!view) {
      view = new KubeView(c, hub(c), emit, options.unreachableAdvice ? { unreachableAdvice: options.unreachableAdvice } : {});
      await view.start();
    }
    return view;
  }

  async function ensureTunnel(c: KubeConnection, v: KubeView): Promise<MasterTunnel> {
    if (!tunnel) {
      tunnel = new MasterTunnel({
        kc: c.kc,
        namespace: c.namespace,
        remotePort: MASTER_WEB_PORT,
        ...(options.localPort ? { localPort: options.localPort } : {}),
        pickPod: () => readyMasterPod(v.ltopPods())?.metadata?.name,
        onDown: (why) => notice('warn', `the master's web port is unreachable: ${why}. ltop reconnects by itself; if this persists: kubectl get pods -n ${c.namespace} -l app.kubernetes.io/component=master`),
        onUp: () => notice('info', 'port-forward to the master is back'),
      });
      await tunnel.listen();
      log(`port-forward 127.0.0.1:${tunnel.port} -> ${MASTER}:${MASTER_WEB_PORT}`);
    }
    return tunnel;
  }

  /** Wait until the master Deployment has rolled out and a master pod is Ready. */
  async function waitForMaster(v: KubeView, ns: string): Promise<void> {
    let last = '';
    const progress = (): void => {
      const d = v.deployments.items().find((x) => x.metadata?.name === MASTER);
      const pods = v.ltopPods().filter((p) => component(p) === 'master');
      const reasons = pods.map((p) => pendingReason(p)).filter((r): r is string => !!r);
      const r = d ? rollout(d) : undefined;
      const line = r ? `master: ${r.ready}/${r.desired} ready${r.done ? '' : `, ${r.updated} updated`}${reasons.length ? ` (${reasons[0]})` : ''}` : 'master: waiting for the deployment';
      if (line !== last) {
        last = line;
        log(line);
      }
    };
    const off = v.onChange(progress);
    progress();
    try {
      await v.until(
        () => {
          const d = v.deployments.items().find((x) => x.metadata?.name === MASTER);
          return d && rollout(d).done && readyMasterPod(v.ltopPods()) ? true : undefined;
        },
        readyTimeoutMs,
        () => {
          const reasons = v.ltopPods().filter((p) => component(p) === 'master').map((p) => pendingReason(p)).filter(Boolean);
          return `the master was not ready after ${Math.round(readyTimeoutMs / 1000)} s${reasons.length ? `: ${reasons.join('; ')}` : ''}. Look at kubectl describe pods -n ${ns} -l app.kubernetes.io/component=master`;
        },
      );
    } finally {
      off();
    }
  }

  /** Workers to expect: the option, else the HPA's desired count, else the Deployment's replicas. */
  function expectedWorkers(v: KubeView): number {
    if (options.expectedWorkers !== undefined) return options.expectedWorkers;
    const hpa = v.hpas.items().find((h) => ((h.spec as Record<string, unknown> | undefined)?.scaleTargetRef as Record<string, unknown> | undefined)?.name === WORKER);
    const desired = (hpa?.status as Record<string, unknown> | undefined)?.desiredReplicas;
    if (typeof desired === 'number' && desired > 0) return desired;
    const d = v.deployments.items().find((x) => x.metadata?.name === WORKER);
    return d ? rollout(d).desired : 0;
  }

  async function endpoints(c: KubeConnection, v: KubeView): Promise<PlatformEndpoints> {
    const t = await ensureTunnel(c, v);
    const settings = await currentSettings(c);
    return { masterUrl: t.url, targetHost: settings[HOST_KEY] ?? '', expectedWorkers: expectedWorkers(v) };
  }

  /** A terminating namespace refuses new objects: wait (bounded) so that a deploy can follow. */
  async function waitNamespaceGone(c: KubeConnection): Promise<void> {
    const deadline = Date.now() + readyTimeoutMs;
    let said = false;
    while (await c.rest.find(paths.namespace(c.namespace))) {
      if (Date.now() > deadline) {
        notice('warn', `namespace ${c.namespace} is still terminating; a new deploy must wait until kubectl get ns ${c.namespace} says NotFound`);
        return;
      }
      if (!said) log(`waiting for namespace ${c.namespace} to finish terminating`);
      said = true;
      await new Promise((r) => setTimeout(r, 250));
    }
    log(`namespace ${c.namespace} is gone`);
  }

  function startFeeds(c: KubeConnection, v: KubeView): void {
    if (feeds) return;
    feeds = {
      ...(options.podLogs !== false ? { stopLogs: startPodLogFeed(c, emit) } : {}),
      ...(options.cost !== false ? { cost: startKubeCostFeed(v.nodes, emit, options.cost ?? {}) } : {}),
    };
  }

  async function stopLocal(): Promise<void> {
    if (feeds) {
      feeds.stopLogs?.();
      (await feeds.cost)?.stop();
      feeds = undefined;
    }
    view?.stop();
    view = undefined;
    ownHub?.stop();
    ownHub = undefined;
    await tunnel?.close();
    tunnel = undefined;
  }

  const platform: Platform = {
    name: 'kube',
    capabilities: { fileScenarios: false, teardown: true, infra: false, swarmOutlivesDetach: true },
    get confirmName() {
      try {
        return connection().namespace;
      } catch {
        return options.namespace ?? null;
      }
    },
    get where() {
      try {
        return connection().where;
      } catch {
        return `kube${options.context ? ` context ${options.context}` : ''}`;
      }
    },

    async start(scenario) {
      const name = bundledName(scenario);
      const c = await step('read the kubeconfig', async () => connection());
      const existing = await step(`look for a running test in ${c.where}`, () => c.rest.find(paths.deployment(c.namespace, MASTER)));
      if (existing) {
        const running = (await step('read ltop-settings', () => currentSettings(c)))[SCENARIO_KEY];
        log(`attached to the test already running in ${c.where} (nothing applied)`);
        if (running && running !== name) notice('info', `attached to a running test on scenario ${running}; switch scenario to run ${name}`);
      } else {
        const objects = await step(`render ${options.overlayDir}`, async () => withScenario(await renderFor(c, discovery!, options.overlayDir, options.kubectl), name));
        log(`deploying ${objects.length} objects to ${c.where}, scenario ${name}`);
        await step(`apply the overlay to ${c.where}`, () => applyAll(c, discovery!, objects, log));
      }
      const v = await ensureView(c);
      startFeeds(c, v);
      await step('wait for the master', () => waitForMaster(v, c.namespace));
      return step('port-forward to the master', () => endpoints(c, v));
    },

    async scaleWorkers(count): Promise<ScaleResult> {
      const c = connection();
      const result = await step(`scale the workers to ${count}`, () => scaleWorkers(c, count));
      log(result.message);
      return result;
    },

    async switchScenario(scenario) {
      const name = bundledName(scenario);
      const c = connection();
      const v = await ensureView(c);
      const patched = await step(`switch the scenario to ${name}`, () => switchScenario(c, name));
      log(`scenario ${name}: rolling ${MASTER} and ${WORKER}`);
      const generations = new Map(patched.map((d) => [d.metadata?.name ?? '', Number(d.metadata?.generation ?? 0)]));
      let last = '';
      const report = (): void => {
        const line = [MASTER, WORKER]
          .map((n) => {
            const d = v.deployments.items().find((x) => x.metadata?.name === n);
            if (!d) return `${n} missing`;
            const r = rollout(d);
            return `${n} ${r.updated}/${r.desired} updated, ${r.ready} ready${r.total > r.desired ? `, ${r.total - r.desired} old` : ''}`;
          })
          .join(' · ');
        if (line !== last) {
          last = line;
          log(`rollout: ${line}`);
        }
      };
      const off = v.onChange(report);
      try {
        await step(`roll out scenario ${name}`, () =>
          v.until(
            () => {
              const done = [MASTER, WORKER].every((n) => {
                const d = v.deployments.items().find((x) => x.metadata?.name === n);
                const st = (d?.status ?? {}) as Record<string, unknown>;
                return d && Number(st.observedGeneration ?? 0) >= (generations.get(n) ?? 0) && rollout(d).done;
              });
              return done && readyMasterPod(v.ltopPods()) ? true : undefined;
            },
            readyTimeoutMs,
            () => `the rollout to scenario ${name} did not finish in ${Math.round(readyTimeoutMs / 1000)} s (${last}); see kubectl rollout status deploy/${MASTER} -n ${c.namespace}`,
          ),
        );
      } finally {
        off();
      }
      log(`scenario ${name} is running`);
      const t = await ensureTunnel(c, v);
      t.dropStreams(); // kept-alive connections to the old master go; the next request reaches the new one
      return step('port-forward to the new master', () => endpoints(c, v));
    },

    async detach() {
      await stopLocal();
    },

    async teardown() {
      if (options.readonly) throw new KubePlatformError('read-only: teardown is not allowed');
      const c = await step('read the kubeconfig', async () => connection());
      await stopLocal();
      let objects;
      try {
        objects = await renderFor(c, discovery!, options.overlayDir, options.kubectl);
      } catch (err) {
        notice('warn', `${explain(`render ${options.overlayDir}`, err, options.unreachableAdvice)} Deleting ltop's objects by label app.kubernetes.io/managed-by=ltop instead.`);
        objects = await step('find ltop objects by label', () => labelledObjects(c, discovery!));
      }
      log(`tearing down ${objects.length} objects in ${c.where}`);
      await step(`delete ltop's objects in ${c.where}`, () => deleteAll(c, discovery!, objects, log));
      if (objects.some((o) => o.kind === 'Namespace')) await waitNamespaceGone(c);
      log('teardown complete');
    },
  };
  return platform;
}
