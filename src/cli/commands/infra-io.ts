// What `ltop up` and `ltop down` share: the eks options from the flags, one line per progress
// event, the confirmation on a terminal, one interrupt for Terraform, and failures as one line
// with the next step and the exit code (2 usage, 1 failure, 130 interrupted).
import { createInterface } from 'node:readline/promises';
import { AwsCredentialsError, AwsRegionError } from '../../aws/errors.js';
import { EksStackMissingError, InfraCancelledError, InfraFailedError, OrphansLeftError, progressLine } from '../../platforms/eks/index.js';
import type { EmitPlatformEvent, InfraProgress } from '../../platforms/platform.js';
import { InstanceTypeError } from '../../aws/instance-types.js';
import { PublicAccessError } from '../../platforms/eks/public-access.js';
import { RUN_SUBJECT } from '../../platforms/eks/run-view.js';
import { TerraformNotFoundError } from '../../terraform/index.js';
import { TfvarsError } from '../../cost/tfvars.js';
import type { CommandOutput } from './output.js';

export interface InfraCommandIo extends CommandOutput {
  /** whether a person can answer (stdin is a terminal); default process.stdin.isTTY */
  readonly interactive?: boolean;
  /** ask one question, resolve with the answer; default readline on stdin */
  readonly ask?: (question: string) => Promise<string>;
  /** called with a function to run on an interrupt; returns how to stop listening (default SIGINT) */
  readonly onInterrupt?: (handler: () => void) => () => void;
}

/** What the platform says while up/down run (the kube platform's log and notices), as lines. */
export function platformLines(io: InfraCommandIo): EmitPlatformEvent {
  return (event) => {
    if (event.type === 'platform/log') io.line(`${event.source}: ${event.line}`);
    else if (event.type === 'platform/notice') (event.level === 'error' ? io.error : io.line)(`${event.level}: ${event.message}`);
  };
}

export function interactive(io: InfraCommandIo): boolean {
  return io.interactive ?? process.stdin.isTTY === true;
}

/** One answer; undefined when stdin ended (Ctrl+D) before a line: the caller treats it as "no". */
export async function ask(io: InfraCommandIo, question: string): Promise<string | undefined> {
  if (io.ask) return io.ask(question);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const ended = new Promise<undefined>((resolve) => rl.once('close', () => resolve(undefined)));
  try {
    // on EOF readline closes and rejects the question (an AbortError, which is not an interrupt)
    return await Promise.race([rl.question(question).catch(() => ended), ended]);
  } finally {
    rl.close();
  }
}

/** The diagnostics already printed to each io, so the failure's summary does not say them again. */
const printedErrors = new WeakMap<InfraCommandIo, Set<string>>();

function printed(io: InfraCommandIo): Set<string> {
  let seen = printedErrors.get(io);
  if (!seen) printedErrors.set(io, (seen = new Set()));
  return seen;
}

export function printProgress(io: InfraCommandIo): (progress: InfraProgress) => void {
  const seen = printed(io);
  return (progress) => {
    // the run's closing event repeats what was said
    if (progress.subject === RUN_SUBJECT) return;
    // the orphan report keeps its own layout
    if (progress.subject === 'orphan-check') return io.line(progress.message);
    if (progress.phase === 'errored') {
      // Terraform sends some diagnostics twice (e.g. "execution halted" from the apply and its walk)
      const text = progress.message.replace(/^error: /, '');
      if (seen.has(text)) return;
      seen.add(text);
    }
    io.line(progressLine(progress));
  };
}

/** An error's lines, less the diagnostics its progress already printed. */
function unsaid(io: InfraCommandIo, lines: readonly string[]): string[] {
  const seen = printed(io);
  return lines.filter((line) => !seen.has(line.trim().replace(/^error: /, '')));
}

/**
 * The first interrupt aborts the operation: Terraform gets exactly one SIGINT from the runner and
 * ltop waits for it. Later ones are only acknowledged, so a second Ctrl+C never kills Terraform
 * while it writes the state.
 */
export function interruptible(io: InfraCommandIo): { readonly signal: AbortSignal; stop(): void } {
  const controller = new AbortController();
  const handler = (): void => {
    if (controller.signal.aborted) {
      io.error('ltop: still waiting for terraform to stop cleanly (the state is being written)');
      return;
    }
    io.error('ltop: interrupt: asking terraform to stop cleanly, then saying what exists');
    controller.abort();
  };
  const stop = io.onInterrupt
    ? io.onInterrupt(handler)
    : (() => {
        process.on('SIGINT', handler);
        return () => void process.off('SIGINT', handler);
      })();
  return { signal: controller.signal, stop };
}

/** A failure as its lines and exit code; unknown errors are failures (1) with their message. */
export function reportFailure(command: string, error: unknown, io: InfraCommandIo): number {
  if (error instanceof AwsCredentialsError || error instanceof AwsRegionError || error instanceof TerraformNotFoundError || error instanceof EksStackMissingError || error instanceof TfvarsError || error instanceof PublicAccessError || error instanceof InstanceTypeError) {
    io.error(`ltop ${command}: ${error.message}`);
    return 2;
  }
  if (error instanceof InfraCancelledError) {
    io.error(`ltop ${command}: ${error.message}`);
    for (const line of unsaid(io, error.lines)) io.error(line);
    return 130;
  }
  if (error instanceof Error && error.name === 'AbortError') {
    // interrupted outside Terraform (Kubernetes clean-up, the orphan check): nothing half-written
    io.error(`ltop ${command}: interrupted before Terraform ran or after it finished; run ltop ${command} again to carry on`);
    return 130;
  }
  if (error instanceof InfraFailedError) {
    io.error(`ltop ${command}: ${error.message}`);
    for (const line of unsaid(io, error.lines)) io.error(`  ${line}`);
    io.error(`fix the cause above and run ltop ${command} again (Terraform continues from its state)`);
    return 1;
  }
  if (error instanceof OrphansLeftError) {
    io.error(`ltop ${command}: the destroy finished but AWS still holds resources of the stack (listed above): remove them with the commands shown, then run ltop down again`);
    return 1;
  }
  io.error(`ltop ${command}: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
}
