// One Terraform command as a child process whose output ltop follows line by line.
//
// Cancelling sends exactly one SIGINT and then only waits: Terraform stops starting new
// operations, lets the running ones finish or fail, writes the state and releases the
// lock. A second interrupt (or a kill) makes it exit at once and may lose state, so ltop
// never sends one. For the same reason Terraform is insulated from ltop's own fate:
// - it runs in its own process group, so a Ctrl+C in ltop's terminal reaches ltop (which
//   cancels once), not Terraform directly as well;
// - its stdout and stderr go to files that ltop tails, not to pipes: if ltop dies (an SSH
//   drop, a kill), Terraform is not killed by a broken pipe half-way through writing the
//   state; it finishes the operation and releases the lock, and the log stays on disk.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as delay } from 'node:timers/promises';

export interface ProcessOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Where Terraform's stdout goes (stderr goes to the same path + ".stderr"). */
  readonly logFile: string;
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
const TAIL_INTERVAL_MS = 100;

export async function runProcess(file: string, args: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  const stderrFile = `${options.logFile}.stderr`;
  const stdoutFd = openSync(options.logFile, 'w', 0o600);
  const stderrFd = openSync(stderrFile, 'w', 0o600);
  const child = spawn(file, [...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', stdoutFd, stderrFd], detached: true });
  // The child holds its own copies of the descriptors.
  closeSync(stdoutFd);
  closeSync(stderrFd);

  let interrupted = false;
  const interrupt = () => {
    if (interrupted || child.exitCode !== null || child.signalCode !== null) return;
    interrupted = true;
    child.kill('SIGINT');
  };
  options.signal?.addEventListener('abort', interrupt, { once: true });
  if (options.signal?.aborted) interrupt();

  // Settles (never rejects) on exit or on a failure to start, so nothing is left unhandled
  // while the tail is still reading.
  let done = false;
  const exit = new Promise<{ exitCode: number | null; exitSignal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ exitCode: null, exitSignal: null, error }));
    child.once('exit', (exitCode, exitSignal) => resolve({ exitCode, exitSignal }));
  }).finally(() => {
    done = true;
  });
  try {
    await tail(options.logFile, options.onLine, () => done);
    const { exitCode, exitSignal, error } = await exit;
    if (error) throw error;
    const stderr = readFileSync(stderrFile, 'utf8').split('\n').slice(-STDERR_LINES_KEPT).join('\n');
    return { exitCode, exitSignal, interrupted, stderr };
  } finally {
    options.signal?.removeEventListener('abort', interrupt);
  }
}

/** Hands over each complete line of a growing file until `finished()` and the file is drained. */
async function tail(path: string, onLine: (line: string) => void, finished: () => boolean): Promise<void> {
  const handle = await open(path, 'r');
  const chunk = Buffer.alloc(64 * 1024);
  // A character split across two reads is decoded whole.
  const decoder = new StringDecoder('utf8');
  let position = 0;
  let partial = '';
  try {
    for (;;) {
      // Read `finished` before draining: whatever was written before the exit is then read.
      const last = finished();
      for (;;) {
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        const lines = (partial + decoder.write(chunk.subarray(0, bytesRead))).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      }
      if (last) break;
      await delay(TAIL_INTERVAL_MS);
    }
    partial += decoder.end();
    if (partial) onLine(partial);
  } finally {
    await handle.close();
  }
}
