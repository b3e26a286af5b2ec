// Where a command's lines go: stdout for results, stderr for errors (the CLI passes process streams).
export interface CommandOutput {
  readonly line: (text: string) => void;
  readonly error: (text: string) => void;
}

/**
 * `ltop history | head`: once the reader has gone, a write fails with EPIPE. Unix tools end
 * quietly then; for the commands that only read what is on disk nothing is lost.
 */
export function endQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

export const processOutput: CommandOutput = {
  line: (text) => process.stdout.write(`${text}\n`),
  error: (text) => process.stderr.write(`${text}\n`),
};

export interface PipeSafeOutput {
  readonly output: CommandOutput;
  /** whether the reader went away (EPIPE) */
  readonly closed: () => boolean;
  readonly dispose: () => void;
}

/**
 * For a command that runs on (`ltop matrix … | head -3`): the reader leaving is no reason to
 * drop a sweep half-saved. Once stdout fails with EPIPE the lines are dropped, the work goes on
 * to its end and saves, and stderr says so once. Any other stdout error calls `gone` (a closed
 * terminal: EIO), which the caller treats as a hangup.
 */
export function pipeSafeOutput(gone: () => void): PipeSafeOutput {
  let closed = false;
  const onError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE') return gone();
    if (!closed) process.stderr.write('ltop: stdout was closed; the sweep goes on and its results are saved\n');
    closed = true;
  };
  process.stdout.on('error', onError);
  return {
    output: {
      line: (text) => void (closed || process.stdout.write(`${text}\n`)),
      error: processOutput.error,
    },
    closed: () => closed,
    // a write still queued fails once more after this: that is no crash either
    dispose: () => {
      process.stdout.off('error', onError);
      if (closed) process.stdout.on('error', () => undefined);
    },
  };
}
