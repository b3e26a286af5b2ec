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
