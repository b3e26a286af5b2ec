// One supervised child process: its output becomes log lines, its exit is remembered, and it
// is never restarted behind the user's back.
import { execa } from 'execa';
import { createInterface } from 'node:readline';

export interface ChildSpec {
  readonly id: string;
  readonly file: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

export interface ChildStatus {
  readonly id: string;
  readonly pid: number | undefined;
  readonly alive: boolean;
  readonly phase: string;
  readonly startedAt: number;
}

const STOP_GRACE_MS = 8000;

function spawnChild(spec: ChildSpec) {
  return execa(spec.file, [...spec.args], {
    env: spec.env,
    cwd: spec.cwd,
    stdin: 'ignore',
    reject: false,
    buffer: false,
    all: true,
    // Its own process group: a terminal hangup (SSH drop, tmux kill-session) reaches ltop only,
    // which saves the results and then stops its children. They still leave by themselves if
    // ltop dies outright (LTOP_PARENT_PID), so nothing is orphaned.
    detached: true,
    forceKillAfterDelay: STOP_GRACE_MS,
  });
}

export class Child {
  private readonly process: ReturnType<typeof spawnChild>;
  private exitPhase: string | null = null;
  readonly startedAt = Date.now();
  readonly exited: Promise<void>;
  private readonly recentLines: string[] = [];

  constructor(
    readonly spec: ChildSpec,
    onLine: (line: string) => void,
    onExit: (status: ChildStatus) => void,
  ) {
    this.process = spawnChild(spec);
    const lines = createInterface({ input: this.process.all });
    lines.on('line', (line) => {
      this.recentLines.push(line);
      if (this.recentLines.length > 20) this.recentLines.shift();
      onLine(line);
    });
    this.exited = this.process.then((result) => {
      this.exitPhase = result.signal ? `killed(${result.signal})` : `exited(${result.exitCode ?? '?'})`;
      onExit(this.status());
    });
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get alive(): boolean {
    return this.exitPhase === null;
  }

  /**
   * The last lines it printed that can explain why it died: Locust's own INFO/DEBUG log lines
   * (spawning, heartbeats) explain nothing and stay in the Logs panel; a traceback or an error
   * line is kept. Empty when there is none (killed by a signal mid-run).
   */
  tail(count = 3): string {
    return this.recentLines.filter((line) => !/\/(INFO|DEBUG)\//.test(line)).slice(-count).join(' | ');
  }

  status(): ChildStatus {
    return { id: this.spec.id, pid: this.pid, alive: this.alive, phase: this.exitPhase ?? 'running', startedAt: this.startedAt };
  }

  /** SIGTERM, then SIGKILL after a grace period; resolves once it has exited. */
  async stop(): Promise<void> {
    if (this.alive) this.process.kill('SIGTERM');
    await this.exited;
  }
}
