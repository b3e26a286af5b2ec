// Wires a platform, the Locust client, the poller and the clock to the store, and turns the
// user's actions into platform and Locust calls. The only place views cause side effects.
// Results are the recorder's (recorder.ts); the end-of-swarm wait is settle.ts.
import { isInfraMissing, type ScenarioChoice } from '../domain/platform-vocabulary.js';
import { LocustClient } from '../locust/client.js';
import type { LocustSnapshot } from '../locust/snapshot.js';
import type { Platform, PlatformEndpoints } from '../platforms/platform.js';
import type { SavedResults } from '../report/results.js';
import type { SaveReason } from '../report/summary.js';
import { scenarioLabel } from '../scenarios.js';
import type { Event } from '../state/events.js';
import { isSwarmActive, swarmBase } from '../state/selectors.js';
import type { Store } from '../state/store.js';
import { waitFor } from '../util/wait.js';
import { steppedUsers, type SessionActions } from './actions.js';
import { LOCUST_CACHE_MS, LocustPoller } from './poller.js';
import { Recorder } from './recorder.js';
import { settleFinalReport, type SettleOptions } from './settle.js';

export interface SessionOptions {
  readonly platform: Platform;
  readonly store: Store;
  readonly scenario: ScenarioChoice;
  readonly resultsRoot: string;
  readonly ltopVersion: string;
  readonly pollMs?: number;
  /** --host: the target to swarm, whatever the platform's default target is */
  readonly targetHost?: string;
  /** called after every swarm the master accepted (the cockpit remembers it for next time) */
  readonly onSwarmAccepted?: (swarm: { readonly users: number; readonly spawnRate: number }) => void;
  readonly settle?: SettleOptions;
}

/** how long a swarm waits for its first worker before it says why it cannot start */
const WORKER_FOR_SWARM_MS = 30_000;

export class Session implements SessionActions {
  /** the worker count keys asked for and the platform has not reached yet */
  private workersAsked: number | null = null;
  private swarmQueue: Promise<boolean> = Promise.resolve(true);
  /** when the master last took a swarm request */
  private swarmSentAt = 0;
  private scaling: Promise<unknown> = Promise.resolve();
  private client: LocustClient | null = null;
  private poller: LocustPoller | null = null;
  private clock: NodeJS.Timeout | null = null;
  private scenario: ScenarioChoice;
  private endpoints: PlatformEndpoints | null = null;
  private readonly platform: Platform;
  private readonly store: Store;
  private readonly recorder: Recorder;
  /** the last numbers the master gave: what a partial save is made of when it dies */
  private held: LocustSnapshot | null = null;
  private masterLost: string | null = null;
  /** the user count last asked for; steps count from it, not from what Locust reports yet */
  /** a swarm ltop started and has not stopped (the polled state lags up to 2 s behind) */
  private swarming = false;

  constructor(private readonly options: SessionOptions) {
    this.platform = options.platform;
    this.store = options.store;
    this.scenario = options.scenario;
    this.recorder = new Recorder(options.resultsRoot, () => {
      const state = this.store.getState();
      return {
        scenario: state.scenario,
        platform: state.platform,
        targetHost: state.targetHost,
        endedAt: state.swarmEndedAt ?? Date.now(),
        expectedWorkers: state.expectedWorkers,
        users: state.lastSwarm.users,
        versions: { ltop: options.ltopVersion, locust: this.endpoints?.locustVersion ?? 'unknown', node: process.versions.node },
      };
    }, () => this.store.getState().timeline);
  }

  /** Whether a swarm runs: one ltop started, or one the master reports (attached to a running test). */
  private active(): boolean {
    return this.swarming || isSwarmActive(this.store.getState());
  }

  /** Platform events pass through here on their way to the store (wire.ts routes them). */
  onPlatformEvent(event: Event): void {
    if (event.type === 'platform/master-lost') {
      this.masterLost = event.cause;
      this.swarming = false;
    }
    this.store.dispatch(event);
  }

  private status(level: 'info' | 'warn' | 'error', message: string): void {
    this.store.dispatch({ type: 'session/status', level, message, at: Date.now() });
  }

  private describe(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
  }

  /** Bring the platform up and start following the master. Resolves false when it could not. */
  async start(): Promise<boolean> {
    this.store.dispatch({ type: 'session/starting', platform: this.platform.name, where: this.platform.where, confirmName: this.platform.confirmName, swarmOutlivesDetach: this.platform.capabilities.swarmOutlivesDetach, canProvision: this.platform.infra !== undefined, scenario: scenarioLabel(this.scenario), at: Date.now() });
    this.clock ??= setInterval(() => this.store.dispatch({ type: 'clock/tick', at: Date.now() }), 1000);
    this.clock.unref();
    try {
      this.follow(await this.platform.start(this.scenario));
      return true;
    } catch (error) {
      this.store.dispatch({ type: 'session/failed', message: this.describe(error), at: Date.now(), confirmName: this.platform.confirmName, infraMissing: this.platform.infra !== undefined && isInfraMissing(error) });
      return false;
    }
  }

  private follow(endpoints: PlatformEndpoints): void {
    this.endpoints = endpoints;
    this.masterLost = null;
    this.held = null;
    this.swarming = false;
    this.poller?.stop();
    this.client = new LocustClient(endpoints.masterUrl);
    const expectedWorkers = endpoints.expectedWorkers;
    this.store.dispatch({ type: 'session/ready', where: this.platform.where, masterUrl: endpoints.masterUrl, targetHost: this.options.targetHost ?? endpoints.targetHost, expectedWorkers, scenario: scenarioLabel(this.scenario), at: Date.now() });
    this.store.dispatch({ type: 'platform/expected-workers', expectedWorkers });
    this.poller = new LocustPoller(this.client, (event) => this.observe(event), this.options.pollMs);
    this.poller.start();
  }

  private observe(event: Event): void {
    if (event.type === 'locust/snapshot') this.held = event.snapshot;
    this.store.dispatch(event);
  }

  private requireClient(): LocustClient {
    if (!this.client) throw new Error('the Locust master is not up yet');
    if (this.masterLost) throw new Error(this.masterLost);
    return this.client;
  }

  /** Run an action; failures become a status line with the cause, never an exception in the UI. */
  private async guard(what: string, action: () => Promise<void>): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (error) {
      this.status('error', `${what} failed: ${this.describe(error)}`);
      return false;
    }
  }

  /**
   * Create the platform's infrastructure (eks: terraform apply), with its progress on screen, then
   * bring the runtime up on it. Aborting the signal cancels once (Terraform stops cleanly).
   */
  provision(signal?: AbortSignal): Promise<boolean> {
    return this.guard('provision', async () => {
      const infra = this.platform.infra;
      if (!infra) throw new Error(`the ${this.platform.name} platform has no infrastructure to create`);
      await infra.provision((progress) => this.store.dispatch({ type: 'platform/infra-progress', progress }), signal);
      if (!(await this.start())) throw new Error(this.store.getState().fatal ?? 'the stack is up, but the swarm did not start on it');
    });
  }

  /**
   * Destroy the platform's infrastructure (eks: terraform destroy) with its progress on screen,
   * results saved first. Resolves false when it failed: the cockpit stays, showing why, and can
   * retry; a cancelled destroy stops Terraform once, cleanly.
   */
  destroyInfra(signal?: AbortSignal): Promise<boolean> {
    return this.guard('destroy', async () => {
      const infra = this.platform.infra;
      if (!infra) throw new Error(`the ${this.platform.name} platform has no infrastructure to destroy`);
      if (this.client && !this.masterLost && this.active()) await this.stopAndSettle().catch((error: unknown) => this.status('warn', `stop before destroying failed: ${this.describe(error)}`));
      await this.save('teardown');
      // the master goes with the cluster: following it now would only report it lost
      this.poller?.stop();
      await infra.destroy((progress) => this.store.dispatch({ type: 'platform/infra-progress', progress }), signal);
    });
  }

  async waitForWorkers(timeoutMs: number, expected = this.store.getState().expectedWorkers, signal?: AbortSignal): Promise<void> {
    const client = this.requireClient();
    await waitFor(
      async () => {
        const snapshot = await client.snapshot().catch(() => null);
        return snapshot && snapshot.workers.filter((worker) => worker.state !== 'missing').length >= expected;
      },
      { timeoutMs, intervalMs: 250, what: `${expected} workers to connect to the master`, ...(signal ? { signal } : {}) },
    );
  }

  swarm(users: number, spawnRate: number, runTimeSeconds?: number): Promise<boolean> {
    // The count asked for, at once: the next `+` (even in the same read) steps from it.
    this.store.dispatch({ type: 'session/swarm-asked', users, spawnRate });
    // One request to the master at a time, in the order asked: `++` must end at the second
    // count, and two POSTs in flight can land in either order.
    const run = this.swarmQueue.then(() => this.sendSwarm(users, spawnRate, runTimeSeconds));
    this.swarmQueue = run;
    return run;
  }

  private sendSwarm(users: number, spawnRate: number, runTimeSeconds?: number): Promise<boolean> {
    return this.guard('start swarm', async () => {
      const state = this.store.getState();
      // the master may have stopped by itself (the last worker left, run_time): its snapshot
      // after our swarm request says so, and those numbers are final too
      const stoppedByItself = this.swarming && !isSwarmActive(state) && (state.locust?.at ?? 0) > this.swarmSentAt + LOCUST_CACHE_MS;
      if ((!this.swarming || stoppedByItself) && !isSwarmActive(state) && this.recorder.open) {
        // A new swarm after a stop clears Locust's statistics: the previous ones are final.
        await this.save('new swarm');
        this.recorder.close();
      }
      // Locust 2.47 answers a swarm sent before any worker connected with success and starts
      // nothing: wait (bounded) for the first worker; the others get users as they join.
      if (state.expectedWorkers > 0 && !(state.locust?.workers ?? []).some((worker) => worker.state !== 'missing')) {
        this.status('info', 'waiting for a worker to connect before swarming…');
        await this.waitForWorkers(WORKER_FOR_SWARM_MS, 1);
      }
      const opening = !this.recorder.open;
      await this.requireClient().swarm({ users, spawnRate, host: state.targetHost, ...(runTimeSeconds ? { runTimeSeconds } : {}) });
      // the segment starts when the master took the swarm, not when a key asked for it
      if (opening) this.recorder.begin(Date.now());
      this.swarming = true;
      this.swarmSentAt = Date.now();
      this.store.dispatch({ type: 'session/swarm-requested', users, spawnRate, at: Date.now() });
      this.options.onSwarmAccepted?.({ users, spawnRate });
      this.status('info', `swarming ${users} ${users === 1 ? 'user' : 'users'} at ${spawnRate}/s`);
    });
  }

  stepUsers(direction: 1 | -1): Promise<boolean> {
    const base = swarmBase(this.store.getState());
    return this.swarm(Math.max(1, steppedUsers(base.users, direction)), base.spawnRate);
  }

  setUsers(users: number): Promise<boolean> {
    return this.swarm(Math.max(0, users), this.store.getState().lastSwarm.spawnRate);
  }

  stopSwarm(): Promise<boolean> {
    return this.guard('stop', async () => {
      await this.stopAndSettle();
      await this.save('stop');
    });
  }

  /** Stop the swarm and wait (bounded) until the workers' final report is in the totals. */
  private async stopAndSettle(): Promise<void> {
    const client = this.requireClient();
    await client.stop();
    this.swarming = false;
    this.status('info', 'swarm stopped; waiting for the workers\' final report…');
    const settled = await settleFinalReport(client, { ...this.options.settle, onSnapshot: (snapshot) => this.observe({ type: 'locust/snapshot', snapshot }) });
    if (!settled) this.status('warn', 'the totals were still changing when ltop stopped waiting: the last report may be missing');
  }

  /** End of a timed run: the master stopped by itself (run_time) or the hold is over. */
  async finishRun(reason: SaveReason = 'end of run', dir?: string): Promise<SavedResults | null> {
    if (!this.masterLost) await this.guard('stop', () => this.stopAndSettle());
    const saved = await this.save(reason, dir);
    // the next cell's swarm starts from clean statistics in a folder of its own
    this.recorder.close();
    return saved;
  }

  changeWorkers(delta: number): Promise<boolean> {
    // Count from the workers that are really there (after a crash, "one more" means alive + 1),
    // or from the count a key just asked for: `[[` in one read steps twice, and the second `[`
    // sees the 1 the first asked for, so scaling to 0 is asked first.
    const state = this.store.getState();
    const alive = state.platformWorkers.length ? state.platformWorkers.filter((worker) => worker.alive).length : state.expectedWorkers;
    const target = Math.max(0, (this.workersAsked ?? alive) + delta);
    this.workersAsked = target;
    this.store.dispatch({ type: 'platform/expected-workers', expectedWorkers: target });
    // one scaling at a time, in the order asked
    const run = this.scaling.then(() =>
      this.guard('scale workers', async () => {
        // no worker, no load: scaling a running swarm to 0 is a stop, and saves like one, with
        // the workers' last report in (they are still there to send it)
        if (target === 0 && this.active() && !this.masterLost) {
          await this.stopAndSettle();
          await this.save('stop');
        }
        const result = await this.platform.scaleWorkers(target);
        this.store.dispatch({ type: 'platform/expected-workers', expectedWorkers: result.expectedWorkers });
        this.status('info', result.message);
      }),
    );
    this.scaling = run.then(() => {
      if (this.workersAsked === target) this.workersAsked = null;
    });
    return run;
  }

  switchScenario(scenario: ScenarioChoice): Promise<boolean> {
    return this.guard('switch scenario', async () => {
      if (this.active() && !this.masterLost) await this.stopAndSettle();
      await this.save('scenario switch');
      this.recorder.close();
      this.poller?.stop();
      this.scenario = scenario;
      this.store.dispatch({ type: 'session/starting', platform: this.platform.name, where: this.platform.where, confirmName: this.platform.confirmName, swarmOutlivesDetach: this.platform.capabilities.swarmOutlivesDetach, canProvision: this.platform.infra !== undefined, scenario: scenarioLabel(scenario), at: Date.now() });
      try {
        this.follow(await this.platform.switchScenario(scenario));
      } catch (error) {
        // the old master is gone: the cockpit is in error until another switch succeeds
        this.store.dispatch({ type: 'session/failed', message: this.describe(error), at: Date.now() });
        throw error;
      }
    });
  }

  resetStats(): Promise<boolean> {
    return this.guard('reset stats', async () => {
      const client = this.requireClient();
      // Picture, reset, then write: a worker report landing while files are written would
      // otherwise be wiped by the reset without being in either folder.
      const capture = await this.recorder.capture(this.saveSources());
      await client.resetStats();
      await this.announce(await this.recorder.write(capture, 'reset'));
      this.recorder.close();
      if (this.active()) this.recorder.begin(Date.now());
      this.status('info', 'statistics reset');
    });
  }

  private saveSources(): { client: LocustClient | null; held: LocustSnapshot | null; masterLost?: string } {
    return { client: this.client, held: this.held, ...(this.masterLost ? { masterLost: this.masterLost } : {}) };
  }

  /** Save what the master has (or, if it is gone, what ltop last held, marked partial). */
  async save(reason: SaveReason, dir?: string): Promise<SavedResults | null> {
    return this.announce(await this.recorder.save({ reason, ...this.saveSources(), ...(dir ? { dir } : {}) }));
  }

  private announce(saved: SavedResults | null): SavedResults | null {
    if (!saved) return null;
    this.store.dispatch({ type: 'session/results-saved', dir: saved.dir, at: Date.now() });
    if (saved.summary.partial) this.status('warn', `partial results (${saved.summary.partialCause}) saved to ${saved.dir}`);
    else if (saved.missing.length) this.status('warn', `results saved to ${saved.dir} without ${saved.missing.join('; ')}`);
    return saved;
  }

  /** Kept for callers of the earlier API: save now, as a quit would. */
  saveResults(): Promise<SavedResults | null> {
    return this.save('quit');
  }

  /** Leave: results first, then stop what ltop started here (teardown also deletes what it deployed). */
  async shutdown(mode: 'detach' | 'teardown' = 'detach', reason: SaveReason = mode === 'teardown' ? 'teardown' : 'quit'): Promise<SavedResults | null> {
    let saved: SavedResults | null = null;
    try {
      // A swarm that ends when ltop leaves (local processes, or a teardown) is stopped first, so
      // the saved numbers are final and every file agrees; a cluster's swarm keeps running.
      const swarmEnds = mode === 'teardown' || !this.platform.capabilities.swarmOutlivesDetach;
      if (swarmEnds && this.client && !this.masterLost && this.active()) await this.stopAndSettle().catch((error: unknown) => this.status('warn', `stop before leaving failed: ${this.describe(error)}`));
      saved = await this.save(reason);
    } catch (error) {
      this.status('error', `could not save results: ${this.describe(error)}`);
    }
    this.poller?.stop();
    if (this.clock) clearInterval(this.clock);
    this.clock = null;
    if (mode === 'teardown') await this.platform.teardown();
    else await this.platform.detach();
    return saved;
  }
}
