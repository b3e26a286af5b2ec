// Where a command's lines go: stdout for results, stderr for errors (the CLI passes process streams).
export interface CommandOutput {
  readonly line: (text: string) => void;
  readonly error: (text: string) => void;
}

export const processOutput: CommandOutput = {
  line: (text) => process.stdout.write(`${text}\n`),
  error: (text) => process.stderr.write(`${text}\n`),
};
