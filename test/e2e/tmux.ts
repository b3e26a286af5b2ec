// A real terminal for end-to-end tests: bin/ltop in a tmux pane, keys sent with send-keys, the
// screen read with capture-pane, as a user sees it.
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/cli.js';
import { descendants } from '../support/processes.js';
import { eventually } from '../support/wait.js';

export const ltopBin = path.join(repoRoot, 'bin', 'ltop');

export class Pane {
  private readonly socket: string;
  constructor(readonly name: string) {
    this.socket = `${name}-${process.pid}`;
  }

  tmux(...args: string[]) {
    return execa('tmux', ['-L', this.socket, ...args], { reject: false });
  }

  /** Runs `command` in a fresh COLUMNSxROWS pane; the pane stays after it exits so its last words can be read. */
  async start(command: string, columns: number, rows: number): Promise<void> {
    const started = await this.tmux('new-session', '-d', '-s', this.name, '-x', String(columns), '-y', String(rows), `${command}; echo "ltop exited $?"; sleep 600`);
    if (started.exitCode !== 0) throw new Error(started.stderr);
  }

  async screen(): Promise<string> {
    return (await this.tmux('capture-pane', '-p', '-t', this.name)).stdout;
  }

  /** One send-keys call: tmux writes the keys together, as a fast typist or SSH batching would. */
  keys(...sequence: string[]) {
    return this.tmux('send-keys', '-t', this.name, ...sequence);
  }

  async waitFor(what: RegExp, timeoutMs = 30000): Promise<string> {
    let last = '';
    try {
      return await eventually(async () => {
        last = await this.screen();
        return what.test(last) ? last : null;
      }, String(what), timeoutMs, 100);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- screen ---\n${last}`);
    }
  }

  async ltopPid(): Promise<number> {
    const panePid = Number((await this.tmux('display-message', '-p', '-t', this.name, '#{pane_pid}')).stdout.trim());
    return eventually(() => [panePid, ...descendants(panePid)].find(isLtop), 'the ltop process');
  }

  kill() {
    return this.tmux('kill-server');
  }
}

function isLtop(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('cli.js');
  } catch {
    return false;
  }
}
