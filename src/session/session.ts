// Wires a platform, the Locust client, the poller and the clock to the store, and turns the
// user's actions into platform and Locust calls. The only place views cause side effects.
import { LocustClient } from '../locust/client.js';
import type { LocustSnapshot } from '../locust/snapshot.js';
import type { Platform, PlatformEndpoints, ScenarioChoice } from '../platforms/platform.js';
import { saveResults, type SavedResults } from '../report/results.js';
import { scenarioLabel } from '../scenarios.js';
import { isSwarmActive } from '../state/selectors.js';
import type { Store } from '../state/store.js';
import { waitFor } from '../util/wait.js';
import { LocustPoller, LOCUST_CACHE_MS } from './poller.js';

export interface SessionOptions {
  readonly platform: Platform;
  readonly store: Store;
  readonly scenario: ScenarioChoice;
  readonly resultsRoot: string;
  readonly ltopVersion: string;
  readonly pollMs?: number;
  /** --host: the target to swarm, whatever the platform's default target is */
  readonly targetHost?: string;
}

export class Session {
  private client: LocustClient | null = null;
  private poller: LocustPoller | null = null;
  private clock: NodeJS.Timeout | null = null;
  private scenario: ScenarioChoice;
  private endpoints: PlatformEndpoints | null = null;
  private readonly platform: Platform;
  private readonly store: Store;
  /** the last save, reused while the master's numbers have not moved */
  private lastSaved: { readonly key: string; readonly results: SavedResults } | null = null;

  constructor(private readonly options: SessionOptions) {
    this.platform = options.platform;
    this.store = options.store;
    this.scenario = options.scenario;
  }

  private status(level: 'info' | 'warn' | 'error', message: string): void {
    this.store.dispatch({ type: 'session/status', level, message, at: Date.now() });
  }

  private describe(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
  }

  /** Bring the platform up and start following the master. Resolves false when it could not. */
  async start(): Promise<boolean> {
    this.store.dispatch({ type: 'session/starting', platform: this.platform.name, where: this.platform.where, scenario: scenarioLabel(this.scenario), at: Date.now() });
    this.clock ??= setInterval(() => this.store.dispatch({ type: 'clock/tick', at: Date.now() }), 1000);
    this.clock.unref();
    try {
      this.follow(await this.platform.start(this.scenario));
      return true;
    } catch (error) {
      this.store.dispatch({ type: 'session/failed', message: this.describe(error), at: Date.now() });
      return false;
    }
  }

  private follow(endpoints: PlatformEndpoints): void {
    this.endpoints = endpoints;
    this.poller?.stop();
    this.client = new LocustClient(endpoints.masterUrl);
    this.store.dispatch({ type: 'session/ready', where: this.platform.where, masterUrl: endpoints.masterUrl, targetHost: this.options.targetHost ?? endpoints.targetHost, expectedWorkers: endpoints.expectedWorkers, scenario: scenarioLabel(this.scenario), at: Date.now() });
    this.poller = new LocustPoller(this.client, (event) => this.store.dispatch(event), this.options.pollMs);
    this.poller.start();
  }

  private requireClient(): LocustClient {
    if (!this.client) throw new Error('the Locust master is not up yet');
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

  async waitForWorkers(timeoutMs: number): Promise<void> {
    const expected = this.store.getState().expectedWorkers;
    const client = this.requireClient();
    await waitFor(
      async () => {
        const snapshot = await client.snapshot().catch(() => null);
        return snapshot && snapshot.workers.filter((worker) => worker.state !== 'missing').length >= expected;
      },
      { timeoutMs, intervalMs: 250, what: `${expected} workers to connect to the master` },
    );
  }

  swarm(users: number, spawnRate: number, runTimeSeconds?: number): Promise<boolean> {
    return this.guard('start swarm', async () => {
      const state = this.store.getState();
      // A new swarm after a stop clears Locust's stats: keep the previous run's first.
      if (!isSwarmActive(state) && state.swarmStartedAt !== null) await this.saveResults();
      await this.requireClient().swarm({ users, spawnRate, host: state.targetHost, ...(runTimeSeconds ? { runTimeSeconds } : {}) });
      this.store.dispatch({ type: 'session/swarm-requested', users, spawnRate, at: Date.now() });
      this.status('info', `swarming ${users} users at ${spawnRate}/s`);
    });
  }

  setUsers(users: number): Promise<boolean> {
    const { lastSwarm } = this.store.getState();
    return this.swarm(Math.max(0, users), lastSwarm.spawnRate);
  }

  stopSwarm(): Promise<boolean> {
    return this.guard('stop', async () => {
      await this.saveResults();
      await this.requireClient().stop();
      this.status('info', 'swarm stopped');
      await this.settle();
      await this.saveResults();
    });
  }

  /** After a stop, wait until the master's numbers stop moving (its JSON is cached 2 s). */
  async settle(timeoutMs = 15000): Promise<LocustSnapshot> {
    const client = this.requireClient();
    let previous: LocustSnapshot | null = null;
    return waitFor(
      async () => {
        const current = await client.snapshot();
        this.store.dispatch({ type: 'locust/snapshot', snapshot: current });
        const stable =
          previous !== null &&
          current.state !== 'running' &&
          current.state !== 'spawning' &&
          current.at - previous.at > LOCUST_CACHE_MS &&
          current.total.requests === previous.total.requests;
        if (previous === null || current.at - previous.at > LOCUST_CACHE_MS) previous = current;
        return stable ? current : null;
      },
      { timeoutMs, intervalMs: 500, what: 'the final statistics to settle' },
    );
  }

  changeWorkers(delta: number): Promise<boolean> {
    return this.guard('scale workers', async () => {
      // Count from the workers that are really there: after a crash, "one more" means alive + 1.
      const state = this.store.getState();
      const current = state.platformWorkers.length ? state.platformWorkers.filter((worker) => worker.alive).length : state.expectedWorkers;
      const expected = Math.max(0, current + delta);
      const result = await this.platform.scaleWorkers(expected);
      this.store.dispatch({ type: 'session/expected-workers', expectedWorkers: result.expectedWorkers });
      this.status('info', result.message);
    });
  }

  switchScenario(scenario: ScenarioChoice): Promise<boolean> {
    return this.guard('switch scenario', async () => {
      await this.saveResults();
      this.poller?.stop();
      this.scenario = scenario;
      this.store.dispatch({ type: 'session/starting', platform: this.platform.name, where: this.platform.where, scenario: scenarioLabel(scenario), at: Date.now() });
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
      await this.saveResults();
      await this.requireClient().resetStats();
      this.status('info', 'statistics reset');
    });
  }

  /** Save what the master has, if a swarm ever ran. Returns null when there is nothing to save. */
  async saveResults(): Promise<SavedResults | null> {
    const state = this.store.getState();
    if (!this.client || state.swarmStartedAt === null) return null;
    const snapshot = await this.client.snapshot();
    if (snapshot.total.requests === 0) return null;
    const key = `${state.swarmStartedAt}/${snapshot.state}/${snapshot.total.requests}/${snapshot.total.failures}`;
    if (this.lastSaved?.key === key) return this.lastSaved.results;
    const saved = await saveResults(
      this.client,
      snapshot,
      {
        scenario: state.scenario,
        platform: state.platform,
        targetHost: state.targetHost,
        startedAt: state.swarmStartedAt,
        endedAt: state.swarmEndedAt ?? Date.now(),
        expectedWorkers: state.expectedWorkers,
        users: state.lastSwarm.users,
        versions: { ltop: this.options.ltopVersion, locust: this.endpoints?.locustVersion ?? 'unknown', node: process.versions.node },
      },
      this.options.resultsRoot,
    );
    this.lastSaved = { key, results: saved };
    this.store.dispatch({ type: 'session/results-saved', dir: saved.dir, at: Date.now() });
    if (saved.missing.length) this.status('warn', `results saved to ${saved.dir} without ${saved.missing.join('; ')}`);
    return saved;
  }

  /** Leave: results first, then stop what ltop started here (teardown also deletes what it deployed). */
  async shutdown(mode: 'detach' | 'teardown' = 'detach'): Promise<SavedResults | null> {
    let saved: SavedResults | null = null;
    try {
      saved = await this.saveResults();
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
