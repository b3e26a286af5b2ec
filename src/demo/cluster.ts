// --replicas N: the demo target served by N processes behind one port (node:cluster), like a
// Deployment's pods behind a Service. The primary forks the serving processes, holds the
// shared state (tokens, items) and the configuration, and answers what must be exact across
// processes: the served count and /metrics (prom-client's AggregatorRegistry sums every
// process's metrics, plus those of processes already retired, so counters never go back).
// setReplicas() grows or shrinks the set live; a retired process stops accepting, finishes
// what is in flight, reports its final numbers, then exits. A process that dies is replaced;
// the last counts it reported stay in the sums (as a retired one's do), so a crash never
// makes a counter go back, and the exit is kept as an event (pid, code or signal, successor).

import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { Rpc, RpcError, type Message } from './ipc.js';
import { processesMetric } from './metrics.js';
import { DEFAULT_CONFIG, MAX_REPLICAS, startDemoTarget, validateConfig } from './server.js';
import type { DemoAdmin, DemoProcessExit, DemoStats, DemoTarget, DemoTargetConfig, DemoTargetOptions } from './server.js';
import { MemoryStore, forwardingStore, runStoreOp, type StoreOp } from './store.js';

const OPTIONS_ENV = 'LTOP_DEMO_OPTIONS';
const STOP_GRACE_MS = 5000;
/** how often the primary asks every process for its counts, so a crash loses at most this much */
const COLLECT_EVERY_MS = 500;
const MAX_EXITS = 30;

interface ProcessCounts {
  pid: number;
  served: number;
  inFlight: number;
  snapshot: object[];
}

interface Serving {
  readonly worker: Worker;
  readonly rpc: Rpc;
  listening: boolean;
  retiring: boolean;
  /** the newest counts it reported: kept in the sums if it dies */
  last?: ProcessCounts;
  /** its counts are in `retired` already */
  folded?: boolean;
}

export interface DemoCluster {
  readonly url: string;
  readonly port: number;
  setReplicas(n: number): Promise<DemoStats>;
  stats(): Promise<DemoStats>;
  close(): Promise<void>;
}

export interface ClusterOptions extends DemoTargetOptions {
  readonly replicas: number;
}

/** In the primary: fork `replicas` serving processes and resolve once they all listen. */
export async function startDemoCluster(opts: ClusterOptions): Promise<DemoCluster> {
  const host = opts.host ?? '127.0.0.1';
  let cfg: DemoTargetConfig = { ...DEFAULT_CONFIG };
  for (const k of Object.keys(DEFAULT_CONFIG) as Array<keyof DemoTargetConfig>) if (opts[k] !== undefined) cfg[k] = opts[k];
  const invalid = validateConfig(cfg);
  if (invalid) throw new RangeError(invalid);
  const store = new MemoryStore();
  const serving = new Set<Serving>();
  let retired: object[] | undefined;
  let retiredServed = 0;
  const exits: DemoProcessExit[] = [];
  // folding counts into `retired` is async: one at a time, so none overwrites another
  let folding: Promise<unknown> = Promise.resolve();
  const keep = (c: ProcessCounts): Promise<void> => {
    const step = folding.then(async () => {
      retiredServed += c.served;
      retired = retired ? await AggregatorRegistry.aggregate([retired, c.snapshot]).getMetricsAsJSON() : c.snapshot;
    });
    folding = step.catch(() => undefined);
    return step;
  };
  // every process listens with the same arguments: node:cluster shares one handle per
  // (address, port) key, so port 0 gives all of them the one port the first one got
  const listenPort = opts.port ?? 0;
  let port = listenPort;
  let stopping = false;
  let desired = 0;
  let queue: Promise<unknown> = Promise.resolve();

  const live = (): Serving[] => [...serving].filter((s) => !s.retiring);

  /** every process's counts, fresh; a process that does not answer is summed with its last */
  const collect = async (): Promise<{ counts: ProcessCounts[]; stale: ProcessCounts[] }> => {
    const all = await Promise.all(
      [...serving].map(async (s) => {
        const c = await s.rpc.request<ProcessCounts>({ t: 'collect' }).catch(() => undefined);
        if (c && serving.has(s)) s.last = c;
        return { s, c };
      }),
    );
    // settle every fold begun meanwhile, then read synchronously: each count is in exactly one place
    for (let f = folding; ; f = folding) {
      await f;
      if (f === folding) break;
    }
    return {
      counts: all.flatMap(({ s, c }) => (c && serving.has(s) ? [c] : [])),
      // asked while alive, gone before answering and not folded yet: its last counts still count
      stale: all.flatMap(({ s, c }) => (!c && s.last && serving.has(s) ? [s.last] : [])),
    };
  };

  const stats = async (): Promise<DemoStats> => {
    const { counts, stale } = await collect();
    return {
      served: retiredServed + [...counts, ...stale].reduce((n, c) => n + c.served, 0),
      inFlight: counts.reduce((n, c) => n + c.inFlight, 0),
      replicas: live().length,
      processes: counts.map(({ pid, served, inFlight }) => ({ pid, served, inFlight })),
      exits: [...exits],
    };
  };
  // between two looks the primary keeps each process's counts fresh, so a crash loses little
  const refresher = setInterval(() => void collect().catch(() => undefined), COLLECT_EVERY_MS);
  refresher.unref();

  const admin = async (m: Message, from: Serving): Promise<unknown> => {
    switch (m.t) {
      case 'store':
        return runStoreOp(store, m.call as StoreOp);
      case 'stats':
        return stats();
      case 'metrics': {
        const { counts, stale } = await collect();
        const parts = [...[...counts, ...stale].map((c) => c.snapshot), ...(retired ? [retired] : []), [processesMetric(live().length)]];
        return AggregatorRegistry.aggregate(parts).metrics();
      }
      case 'configure':
        return configure(m.config as Partial<DemoTargetConfig>);
      case 'replicas':
        return setReplicas(Number(m.replicas), from);
      default:
        throw new RpcError(`unknown request ${m.t}`, 400);
    }
  };

  async function configure(c: Partial<DemoTargetConfig>): Promise<DemoTargetConfig> {
    const err = validateConfig(c);
    if (err) throw new RpcError(err, 400);
    cfg = { ...cfg, ...c };
    await Promise.all([...serving].map((s) => s.rpc.request({ t: 'config', config: cfg }).catch(() => undefined)));
    return cfg;
  }

  function fork(): Promise<void> {
    const worker = cluster.fork({ [OPTIONS_ENV]: JSON.stringify({ ...opts, ...cfg, host, port: listenPort }) });
    let resolveListening!: () => void;
    let rejectListening!: (e: Error) => void;
    const listening = new Promise<void>((resolve, reject) => {
      resolveListening = resolve;
      rejectListening = reject;
    });
    const s: Serving = {
      worker,
      listening: false,
      retiring: false,
      rpc: new Rpc(
        (m) => worker.send(m, () => undefined),
        async (m) => {
          if (m.t === 'listening') {
            port = Number(m.port);
            s.listening = true;
            resolveListening();
            return undefined;
          }
          if (m.t === 'final') {
            // its last words before it exits: folded now, so the exit need not wait for them
            if (!s.folded) {
              s.folded = true;
              serving.delete(s);
              await keep(m.counts as ProcessCounts);
            }
            return undefined;
          }
          if (m.t === 'listen-failed') {
            rejectListening(new Error(String(m.message)));
            return undefined;
          }
          return admin(m, s);
        },
      ),
    };
    serving.add(s);
    worker.on('message', (m: Message) => s.rpc.receive(m));
    worker.on('error', () => undefined); // a reply to a process that just left
    worker.once('exit', (code, signal) => {
      serving.delete(s);
      s.rpc.fail('the serving process exited');
      rejectListening(new Error(`a serving process exited (${signal ?? code}) before it listened`));
      if (stopping || s.retiring) return;
      // a crash: what it reported last stays counted (retire() folds a retired one's final counts)
      if (s.last && !s.folded) {
        s.folded = true;
        void keep(s.last).catch(() => undefined);
      }
      if (!s.listening) return;
      // 143: our SIGTERM handler's exit after it handed over its counts
      const sig = signal ?? (code === 143 ? 'SIGTERM' : undefined);
      const exit: DemoProcessExit = { at: Date.now(), pid: s.worker.process.pid ?? 0, ...(sig ? { signal: sig } : { code: code ?? 0 }) };
      exits.push(exit);
      if (exits.length > MAX_EXITS) exits.shift();
      // replaced, like a ReplicaSet replaces a pod
      if (live().length < desired) {
        const next = fork();
        const pid = [...serving].at(-1)?.worker.process.pid;
        if (pid !== undefined) exit.replacedBy = pid;
        void next.catch(() => undefined);
      }
    });
    return listening;
  }

  async function retire(s: Serving): Promise<void> {
    s.retiring = true;
    const exited = new Promise<void>((resolve) => s.worker.once('exit', () => resolve()));
    try {
      const last = await s.rpc.request<ProcessCounts>({ t: 'retire' });
      await keep(last);
      serving.delete(s); // its final counts are folded: no longer asked
    } catch {
      // it died while draining: keep what it reported last (what it served since is unknown)
      if (s.last) await keep(s.last).catch(() => undefined);
    }
    await exited;
  }

  /** `asker` (the process that relayed the request) is kept, so it can answer. */
  function setReplicas(n: number, asker?: Serving): Promise<DemoStats> {
    if (!Number.isInteger(n) || n < 1 || n > MAX_REPLICAS) return Promise.reject(new RpcError(`replicas must be an integer between 1 and ${MAX_REPLICAS}`, 400));
    const step = queue.then(async () => {
      desired = n;
      const now = live().sort((a, b) => Number(b === asker) - Number(a === asker));
      if (now.length < n) await Promise.all(Array.from({ length: n - now.length }, () => fork()));
      else if (now.length > n) await Promise.all(now.slice(n).map((s) => retire(s)));
      return stats();
    });
    queue = step.catch(() => undefined);
    return step;
  }

  desired = opts.replicas;
  try {
    await fork();
    await setReplicas(opts.replicas);
  } catch (e) {
    stopping = true;
    for (const s of serving) s.worker.process.kill('SIGKILL');
    throw e;
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    setReplicas,
    stats,
    close() {
      closing ??= (async () => {
        stopping = true;
        clearInterval(refresher);
        await Promise.all(
          [...serving].map(async (s) => {
            const exited = new Promise<void>((resolve) => (s.worker.isDead() ? resolve() : s.worker.once('exit', () => resolve())));
            s.worker.send({ t: 'stop' }, () => undefined);
            const timer = setTimeout(() => s.worker.process.kill('SIGKILL'), STOP_GRACE_MS);
            await exited;
            clearTimeout(timer);
          }),
        );
      })();
      return closing;
    },
  };
}

/** In a serving process (cluster worker): serve, delegating the shared parts to the primary. */
export async function runServingProcess(): Promise<void> {
  const opts = JSON.parse(process.env[OPTIONS_ENV] ?? '{}') as DemoTargetOptions;
  let target: DemoTarget | undefined;
  const counts = async (): Promise<ProcessCounts> => ({ pid: process.pid, served: target?.served() ?? 0, inFlight: target?.inFlight() ?? 0, snapshot: (await target?.metrics.snapshot()) ?? [] });
  const rpc: Rpc = new Rpc(
    (m) => process.send!(m),
    async (m) => {
      if (m.t === 'collect') return counts();
      if (m.t === 'config') return target?.configure(m.config as Partial<DemoTargetConfig>);
      if (m.t === 'retire') {
        await target?.drain();
        setImmediate(() => process.exit(0));
        return counts();
      }
      if (m.t === 'stop') {
        await target?.close();
        process.exit(0);
      }
      throw new RpcError(`unknown message ${m.t}`, 400);
    },
  );
  process.on('message', (m: Message) => rpc.receive(m));
  // the primary is gone (even killed outright): leave
  process.on('disconnect', () => process.exit(0));
  // a terminal's Ctrl+C or hang-up reaches the whole group: the primary decides for us
  process.on('SIGINT', () => undefined);
  process.on('SIGHUP', () => undefined);
  // `kill PID` of one replica: a crash, but first the primary gets the counts, so none is lost
  process.once('SIGTERM', () => {
    void counts()
      .then((c) => new Promise<void>((resolve) => process.send!({ t: 'final', counts: c }, () => resolve())))
      .finally(() => process.exit(143));
  });
  const ask = <T>(m: Message): Promise<T> => rpc.request<T>(m);
  const admin = (): DemoAdmin => ({
    configure: (config) => ask({ t: 'configure', config }),
    stats: () => ask({ t: 'stats' }),
    metrics: () => ask({ t: 'metrics' }),
    setReplicas: (replicas) => ask({ t: 'replicas', replicas }),
  });
  try {
    target = await startDemoTarget({ ...opts, store: forwardingStore((call) => ask({ t: 'store', call })), admin });
  } catch (e) {
    process.send!({ t: 'listen-failed', message: (e as Error).message });
    process.exit(1);
  }
  process.send!({ t: 'listening', port: target.port });
}
