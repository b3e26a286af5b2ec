// Master and worker pod logs through the Kubernetes API (the pods/log subresource, as
// `kubectl logs` reads it), on any cluster. Following: pods are watched by label; a log stream
// opens for each pod whose container runs and closes when the pod goes; a stream that ends
// while its pod lives on (a container restart, a dropped connection) reopens from the last
// line's time, so nothing is shown twice. Lines are stamped by the kubelet (timestamps=true).

import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import { type KubeConfig, Log } from '@kubernetes/client-node';
import type { KubeList, KubeObject, KubeRest } from '../platforms/kube/rest.js';
import { paths } from '../platforms/kube/rest.js';
import { ResourceWatcher } from '../platforms/kube/watch.js';
import { type LogLine, parseLogLine } from './line.js';

/** ltop's master and workers (labels of k8s/base) */
export const LTOP_PODS_SELECTOR = 'app.kubernetes.io/name=ltop,app.kubernetes.io/component in (master,worker)';

export interface PodLogsOptions {
  readonly kc: KubeConfig;
  readonly rest: KubeRest;
  readonly namespace: string;
  readonly labelSelector?: string;
  /** only lines newer than this many seconds (like kubectl logs --since) */
  readonly sinceSeconds?: number;
  /** only the last N lines of each pod to begin with */
  readonly tailLines?: number;
  readonly follow: boolean;
  readonly signal: AbortSignal;
  readonly onLine: (line: LogLine) => void;
  /** a pod's stream opened, ended or failed: shown, never fatal */
  readonly onNotice?: (message: string) => void;
}

type Pod = KubeObject & {
  spec?: { containers?: Array<{ name?: string }> };
  status?: { containerStatuses?: Array<{ name?: string; state?: { running?: unknown } }> };
};

/** The container `kubectl logs` would pick: the default-container annotation, else the first. */
export function containerOf(pod: Pod): string | undefined {
  const names = (pod.spec?.containers ?? []).map((c) => c.name).filter((n): n is string => !!n);
  const annotated = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
  return annotated && names.includes(annotated) ? annotated : names[0];
}

const running = (pod: Pod, container: string): boolean => (pod.status?.containerStatuses ?? []).some((s) => s.name === container && !!s.state?.running);

/** "2026-12-01T09:12:29.556000000Z rest" -> [epoch ms, rest]; the kubelet's RFC 3339 nano stamp */
export function splitTimestamp(raw: string): [number, string] {
  const space = raw.indexOf(' ');
  const stamp = space > 0 ? raw.slice(0, space) : '';
  const at = Date.parse(stamp.replace(/(\.\d{3})\d*Z$/, '$1Z'));
  return Number.isNaN(at) ? [0, raw] : [at, raw.slice(space + 1)];
}

/** One pod's log, until it ends or `signal` aborts. Resolves with the last line's time. */
async function streamPod(opts: PodLogsOptions, pod: string, container: string, from: { sinceTime?: string; sinceSeconds?: number; tailLines?: number }, follow: boolean, signal: AbortSignal, after: number): Promise<number> {
  const out = new PassThrough();
  // client-node pipes the response into `out` without handling its errors: an abort (ours, when
  // the pod goes or ltop stops) or a dropped connection would otherwise be an uncaught error
  out.on('pipe', (source: NodeJS.ReadableStream) => source.on('error', () => out.end()));
  let last = after;
  const lines = createInterface({ input: out, crlfDelay: Number.POSITIVE_INFINITY });
  const done = (async () => {
    for await (const raw of lines) {
      const [at, text] = splitTimestamp(raw);
      if (at && at <= after) continue; // the reopened stream repeats the second it resumed from
      last = Math.max(last, at);
      opts.onLine(parseLogLine(text, { source: pod, at: at || Date.now() }));
    }
  })();
  const controller = await new Log(opts.kc).log(opts.namespace, pod, container, out, {
    follow,
    timestamps: true,
    ...(from.sinceTime ? { sinceTime: from.sinceTime } : {}),
    ...(from.sinceSeconds ? { sinceSeconds: from.sinceSeconds } : {}),
    ...(from.tailLines !== undefined ? { tailLines: from.tailLines } : {}),
  });
  const abort = (): void => {
    controller.abort();
    out.end();
  };
  signal.addEventListener('abort', abort, { once: true });
  try {
    await done;
  } finally {
    signal.removeEventListener('abort', abort);
  }
  return last;
}

const describe = (err: unknown): string => {
  const e = err as { code?: number; message?: string };
  return e?.code ? `HTTP ${e.code}` : (e?.message ?? String(err));
};

/** Everything the pods have logged (since/tail), oldest first; then, when following, what comes. */
export async function podLogs(opts: PodLogsOptions): Promise<void> {
  const selector = opts.labelSelector ?? LTOP_PODS_SELECTOR;
  const first = { ...(opts.sinceSeconds ? { sinceSeconds: opts.sinceSeconds } : {}), ...(opts.tailLines !== undefined ? { tailLines: opts.tailLines } : {}) };
  if (!opts.follow) {
    const list = await opts.rest.request<KubeList<Pod>>('GET', paths.pods(opts.namespace), { query: { labelSelector: selector }, signal: opts.signal });
    const collected: LogLine[] = [];
    const keep = { ...opts, onLine: (l: LogLine) => collected.push(l) };
    await Promise.all(
      list.items.map(async (pod) => {
        const name = pod.metadata?.name ?? '';
        const container = containerOf(pod);
        if (!container || !running(pod, container)) return;
        await streamPod(keep, name, container, first, false, opts.signal, 0).catch((err: unknown) => opts.onNotice?.(`${name}: ${describe(err)}`));
      }),
    );
    for (const l of collected.sort((a, b) => a.at - b.at)) opts.onLine(l);
    return;
  }

  const streams = new Map<string, AbortController>();
  const lastSeen = new Map<string, number>();
  const failures = new Map<string, number>();
  const open = (pod: Pod): void => {
    const name = pod.metadata?.name ?? '';
    const container = containerOf(pod);
    if (!name || !container || streams.has(name) || !running(pod, container) || opts.signal.aborted) return;
    const ac = new AbortController();
    streams.set(name, ac);
    const seen = lastSeen.get(name);
    const from = seen ? { sinceTime: new Date(seen).toISOString() } : first;
    opts.onNotice?.(`${name}: following`);
    void streamPod(opts, name, container, from, true, ac.signal, seen ?? 0)
      .then(
        (last) => {
          lastSeen.set(name, last);
          failures.delete(name);
        },
        (err: unknown) => {
          failures.set(name, (failures.get(name) ?? 0) + 1);
          opts.onNotice?.(`${name}: ${describe(err)}`);
        },
      )
      .finally(() => {
        if (streams.get(name) === ac) streams.delete(name);
        // the pod lives on (a restart, a dropped connection): reopen from its last line, backing off on failures
        const wait = Math.min(30_000, 500 * 2 ** (failures.get(name) ?? 0));
        setTimeout(() => {
          const live = watcher.items().find((p) => p.metadata?.name === name) as Pod | undefined;
          if (live && !ac.signal.aborted) open(live);
        }, wait).unref();
      });
  };
  const watcher = new ResourceWatcher({
    rest: opts.rest,
    kc: opts.kc,
    path: paths.pods(opts.namespace),
    labelSelector: selector,
    onChange: (type, object) => {
      if (type === 'DELETED' && object?.metadata?.name) {
        streams.get(object.metadata.name)?.abort();
        streams.delete(object.metadata.name);
        lastSeen.delete(object.metadata.name);
        opts.onNotice?.(`${object.metadata.name}: gone`);
        return;
      }
      for (const pod of watcher.items()) open(pod as Pod);
    },
    onError: (err, retryInMs) => opts.onNotice?.(`watching pods failed (${describe(err)}); retrying in ${Math.round(retryInMs / 1000)} s`),
  });
  const stopped = new Promise<void>((resolve) => opts.signal.addEventListener('abort', () => resolve(), { once: true }));
  await watcher.start().catch((err: unknown) => opts.onNotice?.(`listing pods failed: ${describe(err)}`));
  await stopped;
  watcher.stop();
  for (const ac of streams.values()) ac.abort();
  await watcher.stopped_();
}
