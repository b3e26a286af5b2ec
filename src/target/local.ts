// On the local platform the demo target is the system under test: its serving processes are
// its replicas (desired = what was asked for, ready = processes listening), each shown as a pod
// on "localhost". A source polls the target's /__ltop/stats at a bounded rate.

import { demoTargetAdmin } from '../demo/admin-client.js';
import { Poll } from '../util/poll.js';
import type { DemoProcessExit, DemoStats } from '../demo/server.js';
import { emptyTargetView, MAX_EVENTS, type PodView, type TargetEvent, type TargetView } from './view.js';

export const LOCAL_TARGET_NAME = 'demo-target';

export function localTargetView(stats: DemoStats | undefined, opts: { desired: number; startedAt: number; now: number; error?: string; seen?: ReadonlyMap<number, number> }): TargetView {
  if (!stats) return emptyTargetView('local', opts.now, [opts.error ?? 'the demo target is not running']);
  const exits = stats.exits ?? [];
  // a replacement takes its predecessor's slot: the slot's restarts are the chain behind it
  const predecessor = new Map(exits.flatMap((e) => (e.replacedBy !== undefined ? [[e.replacedBy, e.pid] as const] : [])));
  const restarts = (pid: number): number => {
    let n = 0;
    for (let p = predecessor.get(pid); p !== undefined && n < exits.length; p = predecessor.get(p)) n++;
    return n;
  };
  const pods: PodView[] = stats.processes.map((p) => ({
    name: `pid ${p.pid}`,
    phase: 'Running',
    ready: true,
    node: 'localhost',
    restarts: restarts(p.pid),
    ageS: Math.max(0, Math.floor((opts.now - (opts.seen?.get(p.pid) ?? opts.startedAt)) / 1000)),
  }));
  return {
    platform: 'local',
    deployments: [{ name: LOCAL_TARGET_NAME, found: true, desired: Math.max(opts.desired, stats.replicas), ready: stats.replicas, updated: stats.replicas, available: stats.replicas, pods }],
    nodes: [{ name: 'localhost', ready: true, ageS: Math.floor((opts.now - opts.startedAt) / 1000), joining: false, leaving: false, targetPods: pods.length }],
    events: exits.map(exitEvent).reverse().slice(0, MAX_EVENTS),
    problems: opts.error ? [opts.error] : [],
    at: opts.now,
  };
}

/** Process/4242 "exited (SIGKILL); replaced by 4250", as the Target tab's events list shows it (fits 80 columns) */
export function exitEvent(e: DemoProcessExit): TargetEvent {
  const how = e.signal ?? `code ${e.code ?? 0}`;
  return {
    at: e.at,
    type: 'Warning',
    reason: 'ProcessExited',
    object: `Process/${e.pid}`,
    message: `exited (${how})${e.replacedBy !== undefined ? `; replaced by ${e.replacedBy}` : ''}`,
    count: 1,
    source: LOCAL_TARGET_NAME,
  };
}

export interface LocalTargetSourceOptions {
  readonly url: string;
  readonly intervalMs?: number;
  readonly onView: (v: TargetView) => void;
}

/** Polls the demo target (one request at a time, every intervalMs, at least 500 ms). */
export class LocalTargetSource {
  private desired = 1;
  private readonly startedAt = Date.now();
  private readonly seen = new Map<number, number>();
  private readonly admin;
  private readonly poll: Poll;

  constructor(private readonly opts: LocalTargetSourceOptions) {
    this.admin = demoTargetAdmin(opts.url, 5000);
    this.poll = new Poll(async () => {
      try {
        this.publish(await this.admin.stats());
      } catch (e) {
        this.publish(undefined, (e as Error).message);
      }
    }, Math.max(500, opts.intervalMs ?? 2000));
  }

  start(): void {
    this.poll.start();
  }

  stop(): void {
    this.poll.stop();
  }

  /** Scale the demo target (the matrix's "scale the target" on local); resolves when it serves from n. */
  async setReplicas(n: number): Promise<DemoStats> {
    this.desired = n;
    const stats = await this.admin.setReplicas(n);
    this.publish(stats);
    return stats;
  }

  private publish(stats: DemoStats | undefined, error?: string): void {
    const now = Date.now();
    if (stats) for (const p of stats.processes) if (!this.seen.has(p.pid)) this.seen.set(p.pid, now);
    this.opts.onView(localTargetView(stats, { desired: this.desired, startedAt: this.startedAt, now, seen: this.seen, ...(error ? { error } : {}) }));
  }
}
