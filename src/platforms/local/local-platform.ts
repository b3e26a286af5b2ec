// The local platform: a Locust master, N workers and (unless --host is given) the demo target,
// all as child processes of ltop on loopback.
import getPort from 'get-port';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { LocustClient } from '../../locust/client.js';
import { demoTargetEntry, projectRoot, runtimeDir, scenariosDir } from '../../paths.js';
import { waitFor } from '../../util/wait.js';
import type { EmitPlatformEvent, InfraResource, Platform, PlatformEndpoints, ScaleResult, ScenarioChoice, WorkerUnit } from '../platform.js';
import { Child, type ChildSpec } from './child.js';
import { locustVersion } from './locust-binary.js';

export interface LocalOptions {
  readonly locust: string;
  readonly workers: number;
  /** the user's target; when absent the bundled demo target is started */
  readonly host?: string;
  readonly runId?: string;
  /** demo target tuning */
  readonly demoLatencyMs?: number;
  readonly demoErrorRate?: number;
  /** serving processes of the demo target (its replicas in the Target tab) */
  readonly demoReplicas?: number;
  readonly startTimeoutMs?: number;
}

/** The ltop plugin prints this line when a worker starts, so a process can be joined with Locust's worker id. */
const WORKER_ID_LINE = /ltop worker-id=(\S+)/;

export class LocalPlatform implements Platform {
  readonly name = 'local' as const;
  readonly where = 'local processes';
  readonly capabilities = { fileScenarios: true, teardown: false, infra: false, swarmOutlivesDetach: false } as const;
  /** teardown here is a detach: nothing to confirm by name */
  readonly confirmName = null;
  private master: Child | null = null;
  private workers: Child[] = [];
  private target: Child | null = null;
  private targetUrl: string | null = null;
  private masterPort = 0;
  private webPort = 0;
  private scenario: ScenarioChoice | null = null;
  private nextWorker = 1;
  private readonly locustIds = new Map<string, string>();
  private readonly runId: string;
  private version: string | null = null;
  private closing = false;

  constructor(
    private readonly options: LocalOptions,
    private readonly emit: EmitPlatformEvent,
  ) {
    this.runId = options.runId ?? randomUUID().slice(0, 8);
  }

  async start(scenario: ScenarioChoice): Promise<PlatformEndpoints> {
    this.closing = false;
    this.version ??= await locustVersion(this.options.locust);
    const targetHost = this.options.host ?? (await this.startTarget());
    return this.startSwarmProcesses(scenario, targetHost, this.options.workers);
  }

  private async startTarget(): Promise<string> {
    if (this.targetUrl && this.target?.alive) return this.targetUrl;
    const args = [demoTargetEntry, '--port', '0'];
    if (this.options.demoLatencyMs !== undefined) args.push('--latency-ms', String(this.options.demoLatencyMs));
    if (this.options.demoErrorRate !== undefined) args.push('--error-rate', String(this.options.demoErrorRate));
    if (this.options.demoReplicas !== undefined) args.push('--replicas', String(this.options.demoReplicas));
    let url: string | null = null;
    this.target = this.spawn({ id: 'target', file: process.execPath, args, env: { ...process.env, LTOP_PARENT_PID: String(process.pid) } }, (line) => {
      try {
        const message = JSON.parse(line) as { event?: string; url?: string };
        if (message.event === 'listening' && message.url) url = message.url;
      } catch {
        // not a JSON line: an ordinary log line, already forwarded
      }
    });
    const target = this.target;
    this.targetUrl = await waitFor(() => url ?? (target.alive ? null : Promise.reject(new Error(`demo target exited: ${target.tail()}`))), {
      timeoutMs: 15000,
      what: 'the demo target to listen',
    });
    return this.targetUrl;
  }

  private locustArgs(scenario: ScenarioChoice): { args: string[]; env: NodeJS.ProcessEnv } {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PYTHONPATH: [runtimeDir, process.env['PYTHONPATH']].filter(Boolean).join(path.delimiter),
      PYTHONUNBUFFERED: '1',
      LTOP_RUN_ID: this.runId,
      // children leave by themselves if ltop dies without stopping them
      LTOP_PARENT_PID: String(process.pid),
    };
    if (!this.options.host) {
      // the bundled demo target accepts any non-empty login; the custom scenario needs one
      env['LTOP_USERNAME'] ??= 'demo';
      env['LTOP_PASSWORD'] ??= 'demo';
    }
    if (scenario.kind === 'bundled') {
      env['LOCUST_SCENARIO'] = scenario.name;
      return { args: ['-f', path.join(scenariosDir, 'locustfile.py')], env };
    }
    return { args: ['-f', `${path.join(runtimeDir, 'ltop_plugin.py')},${path.resolve(scenario.path)}`], env };
  }

  private async startSwarmProcesses(scenario: ScenarioChoice, targetHost: string, workers: number): Promise<PlatformEndpoints> {
    this.scenario = scenario;
    this.masterPort = await getPort({ host: '127.0.0.1' });
    this.webPort = await getPort({ host: '127.0.0.1', exclude: [this.masterPort] });
    const { args, env } = this.locustArgs(scenario);
    const master = this.spawn({
      id: 'master',
      file: this.options.locust,
      args: [
        ...args,
        '--master',
        '--master-bind-host', '127.0.0.1',
        '--master-bind-port', String(this.masterPort),
        '--web-host', '127.0.0.1',
        '--web-port', String(this.webPort),
        '--enable-rebalancing',
        '--host', targetHost,
      ],
      env: { ...env, LTOP_ROLE: 'master' },
      cwd: projectRoot,
    });
    this.master = master;
    const masterUrl = `http://127.0.0.1:${this.webPort}`;
    const client = new LocustClient(masterUrl);
    await waitFor(
      async () => {
        if (!master.alive) throw new Error(`Locust master exited before its web API came up: ${master.tail() || master.status().phase}`);
        return client.isUp();
      },
      { timeoutMs: this.options.startTimeoutMs ?? 30000, what: `the Locust master's web API on ${masterUrl}` },
    );
    for (let index = 0; index < workers; index++) this.addWorker();
    this.publish();
    return { masterUrl, targetHost, expectedWorkers: this.workers.length, locustVersion: this.version ?? undefined };
  }

  private addWorker(): void {
    if (!this.scenario) return;
    const id = `worker-${this.nextWorker++}`;
    const { args, env } = this.locustArgs(this.scenario);
    const worker = this.spawn(
      {
        id,
        file: this.options.locust,
        args: [...args, '--worker', '--master-host', '127.0.0.1', '--master-port', String(this.masterPort)],
        env: { ...env, LTOP_ROLE: 'worker', LTOP_WORKER_ID: id },
        cwd: projectRoot,
      },
      (line) => {
        const match = WORKER_ID_LINE.exec(line);
        if (match?.[1]) {
          this.locustIds.set(id, match[1]);
          this.publish();
        }
      },
    );
    this.workers.push(worker);
  }

  private spawn(spec: ChildSpec, watch?: (line: string) => void): Child {
    return new Child(
      spec,
      (line) => {
        watch?.(line);
        this.emit({ type: 'platform/log', source: spec.id, line, at: Date.now() });
      },
      (status) => {
        if (!this.closing && status.id === 'master') {
          const why = this.master?.tail(5);
          this.emit({ type: 'platform/master-lost', cause: `the Locust master (pid ${status.pid ?? '?'}) ${status.phase}${why ? `: ${why}` : ''}`, at: Date.now() });
        } else if (!this.closing) {
          this.emit({ type: 'platform/notice', level: status.id === 'target' ? 'error' : 'warn', message: `${status.id} (pid ${status.pid ?? '?'}) ${status.phase}; ltop does not restart it — use the workers keys to add one` });
        }
        this.publish();
      },
    );
  }

  /** Tell the cockpit what runs, as the platform sees it. */
  private publish(): void {
    const workers: WorkerUnit[] = this.workers.map((child) => {
      const status = child.status();
      const locustId = this.locustIds.get(status.id);
      return { id: status.id, pid: status.pid, alive: status.alive, restarts: 0, phase: status.phase, node: 'localhost', startedAt: status.startedAt, ...(locustId ? { locustId } : {}) };
    });
    const resources: InfraResource[] = [];
    if (this.master) {
      const status = this.master.status();
      resources.push({ kind: 'process', name: 'master', status: status.phase, detail: `pid ${status.pid ?? '?'} web 127.0.0.1:${this.webPort} zmq :${this.masterPort}`, healthy: status.alive });
    }
    if (this.target) {
      const status = this.target.status();
      resources.push({ kind: 'process', name: 'demo-target', status: status.phase, detail: `pid ${status.pid ?? '?'} ${this.targetUrl ?? ''}`, healthy: status.alive });
    }
    const alive = this.workers.filter((child) => child.alive).length;
    resources.push({ kind: 'processes', name: 'workers', status: `${alive}/${this.workers.length}`, detail: `Locust ${this.version ?? '?'}`, healthy: alive === this.workers.length });
    this.emit({ type: 'platform/workers', workers });
    this.emit({ type: 'platform/resources', resources });
  }

  async scaleWorkers(count: number): Promise<ScaleResult> {
    const target = Math.max(0, count);
    // Dead workers are dropped from the list; the count is of live ones.
    this.workers = this.workers.filter((child) => child.alive);
    while (this.workers.length < target) this.addWorker();
    const leaving = this.workers.splice(target);
    this.publish();
    await Promise.all(leaving.map((child) => child.stop()));
    this.publish();
    const message = leaving.length ? `stopped ${leaving.map((child) => child.spec.id).join(', ')}` : `${this.workers.length} worker${this.workers.length === 1 ? '' : 's'}`;
    return { expectedWorkers: this.workers.length, message };
  }

  async switchScenario(scenario: ScenarioChoice): Promise<PlatformEndpoints> {
    const workers = this.workers.filter((child) => child.alive).length || this.options.workers;
    await this.stopSwarmProcesses();
    const targetHost = this.options.host ?? (await this.startTarget());
    return this.startSwarmProcesses(scenario, targetHost, workers);
  }

  private async stopSwarmProcesses(): Promise<void> {
    this.closing = true;
    const children = [...this.workers, ...(this.master ? [this.master] : [])];
    this.workers = [];
    this.master = null;
    this.locustIds.clear();
    await Promise.all(children.map((child) => child.stop()));
    this.closing = false;
  }

  async detach(): Promise<void> {
    await this.stopSwarmProcesses();
    this.closing = true;
    const target = this.target;
    this.target = null;
    this.targetUrl = null;
    await target?.stop();
    this.publish();
  }

  async teardown(): Promise<void> {
    await this.detach();
  }

  /** every pid ltop started and that still runs, for tests and for the exit check */
  livePids(): number[] {
    return [...this.workers, this.master, this.target].filter((child): child is Child => child !== null && child.alive).map((child) => child.pid ?? 0);
  }
}
