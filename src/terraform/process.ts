// One Terraform command as a child process, its stdout read line by line.
//
// Cancelling sends exactly one SIGINT and then only waits: Terraform stops starting new
// operations, lets the running ones finish or fail, writes the state and releases the
// lock. A second interrupt (or a kill) makes it exit at once and may lose state, so ltop
// never sends one. The child runs in its own process group for the same reason: a Ctrl+C
// in ltop's terminal reaches ltop (which then cancels once), not Terraform directly too.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ProcessOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  readonly onLine: (line: string) => void;
}

export interface ProcessResult {
  readonly exitCode: number | null;
  readonly exitSignal: NodeJS.Signals | null;
  /** The interrupt was sent (the signal aborted while Terraform ran). */
  readonly interrupted: boolean;
  /** The last lines Terraform wrote to stderr (warnings, crash output). */
  readonly stderr: string;
}

const STDERR_LINES_KEPT = 40;

export function runProcess(file: string, args: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let interrupted = false;
    const interrupt = () => {
      if (interrupted || child.exitCode !== null || child.signalCode !== null) return;
      interrupted = true;
      child.kill('SIGINT');
    };
    if (options.signal?.aborted) interrupt();
    options.signal?.addEventListener('abort', interrupt, { once: true });

    const stderr: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderr.push(line);
      if (stderr.length > STDERR_LINES_KEPT) stderr.shift();
    });
    const stdout = createInterface({ input: child.stdout });
    stdout.on('line', options.onLine);

    child.once('error', (error) => {
      options.signal?.removeEventListener('abort', interrupt);
      reject(error);
    });
    // 'close' comes after both streams ended, so every line has been handed over.
    child.once('close', (exitCode, exitSignal) => {
      options.signal?.removeEventListener('abort', interrupt);
      resolve({ exitCode, exitSignal, interrupted, stderr: stderr.join('\n') });
    });
  });
}
