// Runs the real terraform (or tofu) on one configuration directory with -json and turns
// its stream into typed events and a progress state. The only I/O of src/terraform/.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findTerraform, TerraformNotFoundError, type TerraformBinary } from './binary.js';
import type { Diagnostic, OutputValue, TerraformEvent } from './events.js';
import { parseLine, toOutputs, UnsupportedUiVersionError } from './parse.js';
import { runProcess, type ProcessResult } from './process.js';
import { initialProgress, reduceProgress, type Progress, type ProgressOperation } from './progress.js';
import { stateResources, type StateResource } from './show.js';

export interface RunOptions {
  /** Input variables, written to a private .tfvars.json for the run (lists and maps keep their types). */
  readonly vars?: Readonly<Record<string, unknown>>;
  readonly varFiles?: readonly string[];
  /** Aborting sends Terraform one interrupt and waits for it to stop cleanly. */
  readonly signal?: AbortSignal;
  /** Every event, with the progress after it. */
  readonly onEvent?: (event: TerraformEvent, progress: Progress) => void;
  /** Lines that were not JSON (rare: crash output, a plugin's stray print). */
  readonly onText?: (line: string) => void;
}

export interface OperationResult {
  /** Terraform exited 0 and was not cancelled. */
  readonly ok: boolean;
  readonly cancelled: boolean;
  readonly exitCode: number | null;
  readonly progress: Progress;
  /** Errors and warnings, each with its detail and the resource it is about. */
  readonly diagnostics: readonly Diagnostic[];
  readonly outputs?: Readonly<Record<string, OutputValue>>;
  /** After a cancel or a failure: what the state records now (managed resources). */
  readonly resources?: readonly StateResource[];
  /** Terraform's own -json output of this run, kept on disk (stderr next to it, + ".stderr"). */
  readonly logFile: string;
}

export interface PlanResult extends OperationResult {
  readonly planFile?: string;
  readonly changes: { readonly add: number; readonly change: number; readonly remove: number };
}

export class TerraformCommandError extends Error {
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    super(message);
  }
}

export interface TerraformOptions {
  readonly dir: string;
  readonly binary: TerraformBinary;
  readonly env?: NodeJS.ProcessEnv;
  /** Where each run's output is written and followed from; default <dir>/.ltop/runs. */
  readonly logDir?: string;
}

let runCount = 0;
/** Run logs kept per directory (two files each: -json output and stderr). */
const RUNS_KEPT = 20;
/** `show -json` of a large state is megabytes. */
const READ_BUFFER_BYTES = 256 * 1024 * 1024;

export class Terraform {
  readonly dir: string;
  readonly binary: TerraformBinary;
  readonly logDir: string;
  private readonly env: NodeJS.ProcessEnv;

  /** Finds terraform/tofu (LTOP_TERRAFORM, then PATH); throws TerraformNotFoundError with what to install. */
  static async locate(dir: string, env: NodeJS.ProcessEnv = process.env, logDir?: string): Promise<Terraform> {
    return new Terraform({ dir, binary: await findTerraform(env), env, ...(logDir ? { logDir } : {}) });
  }

  constructor(options: TerraformOptions) {
    this.dir = options.dir;
    this.binary = options.binary;
    this.logDir = options.logDir ?? path.join(options.dir, '.ltop', 'runs');
    // Automation mode: no "run terraform apply next" hints, and never a prompt.
    this.env = { ...(options.env ?? process.env), TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
  }

  /** `init`: providers, modules and the backend. Throws TerraformCommandError with the diagnostics on failure. */
  async init(options: Pick<RunOptions, 'signal' | 'onEvent' | 'onText'> & { readonly backendConfig?: readonly string[]; readonly upgrade?: boolean } = {}): Promise<OperationResult> {
    const args = ['init', '-json', '-input=false', ...(options.upgrade ? ['-upgrade'] : []), ...(options.backendConfig ?? []).map((entry) => `-backend-config=${entry}`)];
    const result = await this.stream(args, 'init', options);
    if (!result.ok && !result.cancelled) throw new TerraformCommandError(failureMessage(`${this.binary.flavor} init`, result), result.diagnostics);
    return result;
  }

  /** `plan -out`: what would change, for the cost estimate and the confirmation before apply. */
  async plan(options: RunOptions & { readonly out?: string; readonly destroy?: boolean } = {}): Promise<PlanResult> {
    const args = ['plan', '-json', '-input=false', ...(options.destroy ? ['-destroy'] : []), ...(options.out ? [`-out=${options.out}`] : [])];
    const result = await this.withVars(options, (varArgs) => this.stream([...args, ...varArgs], 'plan', options));
    const changes = result.progress.plan ?? { add: 0, change: 0, remove: 0 };
    return { ...result, changes, ...(options.out && result.ok ? { planFile: path.resolve(this.dir, options.out) } : {}) };
  }

  /** `apply -auto-approve` (or a saved plan from plan({out})), with progress; on cancel or failure, the state's resources. */
  async apply(options: RunOptions & { readonly planFile?: string } = {}): Promise<OperationResult> {
    if (options.planFile) return this.operate(['apply', '-json', '-input=false', options.planFile], 'apply', options);
    return this.withVars(options, (varArgs) => this.operate(['apply', '-json', '-input=false', '-auto-approve', ...varArgs], 'apply', options));
  }

  /** `destroy -auto-approve`, with progress; on cancel or failure, what is left in the state. */
  async destroy(options: RunOptions = {}): Promise<OperationResult> {
    return this.withVars(options, (varArgs) => this.operate(['destroy', '-json', '-input=false', '-auto-approve', ...varArgs], 'destroy', options));
  }

  /** `output -json`: {name: {sensitive, type, value}}. */
  async output(): Promise<Record<string, OutputValue>> {
    return toOutputs(await this.json(['output', '-json']));
  }

  /** Managed resources recorded in the state (`show -json`); [] when there is no state. */
  async resources(): Promise<StateResource[]> {
    return stateResources(await this.json(['show', '-json'])).filter((resource) => resource.mode === 'managed');
  }

  private async operate(args: string[], operation: 'apply' | 'destroy', options: RunOptions): Promise<OperationResult> {
    const result = await this.stream(args, operation, options);
    if (result.ok) return { ...result, ...(operation === 'apply' ? { outputs: result.progress.outputs ?? (await this.output()) } : {}) };
    // Say what exists now. Reading the state cannot make things worse: if even that fails
    // (a lock held by another run), the failure is one more diagnostic.
    try {
      return { ...result, resources: await this.resources() };
    } catch (error) {
      const diagnostics = [...result.diagnostics, { severity: 'error' as const, summary: 'Could not read the state after the run', detail: (error as Error).message }];
      return { ...result, diagnostics, progress: { ...result.progress, diagnostics } };
    }
  }

  private async stream(args: string[], operation: ProgressOperation, options: Pick<RunOptions, 'signal' | 'onEvent' | 'onText'>): Promise<OperationResult> {
    let progress = initialProgress(operation);
    if (options.signal?.aborted) {
      // Cancelled before it started: nothing ran, nothing to wait for.
      return { ok: false, cancelled: true, exitCode: null, progress, diagnostics: [], logFile: '' };
    }
    let refused: Diagnostic | undefined;
    let handlerError: unknown;
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const onLine = (line: string) => {
      let parsed;
      try {
        parsed = parseLine(line);
      } catch (error) {
        if (!(error instanceof UnsupportedUiVersionError)) throw error;
        // Stop before Terraform changes anything ltop could not follow.
        refused = { severity: 'error', summary: 'Unsupported Terraform UI version', detail: error.message };
        stop.abort();
        return;
      }
      if (parsed.kind === 'blank') return;
      if (parsed.kind === 'event') progress = reduceProgress(progress, parsed.event);
      try {
        if (parsed.kind === 'text') options.onText?.(parsed.text);
        else options.onEvent?.(parsed.event, progress);
      } catch (error) {
        // A broken listener must not stop ltop from following Terraform to its end.
        handlerError ??= error;
      }
    };
    const logFile = this.logFile(args[0]!);
    const run = await this.spawn(args, logFile, { signal, onLine });
    if (refused) progress = { ...progress, diagnostics: [refused, ...progress.diagnostics] };
    if (handlerError) progress = { ...progress, diagnostics: [...progress.diagnostics, { severity: 'warning', summary: 'ltop failed to show a Terraform event', detail: String(handlerError) }] };
    const failedQuietly = run.exitCode !== 0 && !progress.diagnostics.some((diagnostic) => diagnostic.severity === 'error');
    if (failedQuietly && !run.interrupted) {
      progress = { ...progress, diagnostics: [...progress.diagnostics, { severity: 'error', summary: `${this.binary.flavor} ${args[0]} exited with ${exitText(run)}`, detail: run.stderr.trim() }] };
    }
    const cancelled = run.interrupted && !refused;
    return { ok: run.exitCode === 0 && !run.interrupted, cancelled, exitCode: run.exitCode, progress, diagnostics: progress.diagnostics, logFile };
  }

  /** Read-only commands (show, output) change nothing, so a plain pipe is safe for them. */
  private async json(args: string[]): Promise<unknown> {
    let stdout: string;
    try {
      ({ stdout } = await promisify(execFile)(this.binary.path, args, { cwd: this.dir, env: this.env, maxBuffer: READ_BUFFER_BYTES }));
    } catch (error) {
      const { stderr, message } = error as { stderr?: string; message: string };
      throw new TerraformCommandError(`${this.binary.flavor} ${args.join(' ')} failed: ${(stderr || message).trim()}`, []);
    }
    // `show -json` without a state prints {"format_version": ...} only; `output -json` prints {}.
    return stdout.trim() ? JSON.parse(stdout) : {};
  }

  private async spawn(args: string[], logFile: string, options: { signal?: AbortSignal; onLine: (line: string) => void }): Promise<ProcessResult> {
    try {
      return await runProcess(this.binary.path, args, { cwd: this.dir, env: this.env, logFile, ...options });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (!existsSync(this.dir)) throw new TerraformCommandError(`the Terraform configuration directory ${this.dir} does not exist`, []);
      throw new TerraformNotFoundError(`${this.binary.path} is gone (it was there when ltop started): reinstall it or set LTOP_TERRAFORM`);
    }
  }

  /** One file per operation, the record of what was done; the oldest beyond RUNS_KEPT go. */
  private logFile(command: string): string {
    mkdirSync(this.logDir, { recursive: true });
    const runs = readdirSync(this.logDir).filter((name) => name.endsWith('.jsonl')).sort();
    for (const old of runs.slice(0, Math.max(0, runs.length - RUNS_KEPT + 1))) {
      rmSync(path.join(this.logDir, old), { force: true });
      rmSync(path.join(this.logDir, `${old}.stderr`), { force: true });
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return path.join(this.logDir, `${stamp}-${process.pid}-${++runCount}-${command}.jsonl`);
  }

  private async withVars<T>(options: RunOptions, run: (varArgs: string[]) => Promise<T>): Promise<T> {
    const fileArgs = (options.varFiles ?? []).map((file) => `-var-file=${path.resolve(file)}`);
    if (!options.vars || Object.keys(options.vars).length === 0) return run(fileArgs);
    // A file rather than -var flags: values keep their JSON types and stay off the process list.
    const dir = mkdtempSync(path.join(tmpdir(), 'ltop-tfvars-'));
    const file = path.join(dir, 'ltop.auto.tfvars.json');
    writeFileSync(file, JSON.stringify(options.vars), { mode: 0o600 });
    try {
      return await run([...fileArgs, `-var-file=${file}`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function exitText(run: ProcessResult): string {
  return run.exitSignal ? `signal ${run.exitSignal}` : `code ${run.exitCode}`;
}

function failureMessage(command: string, result: OperationResult): string {
  const first = result.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
  return first ? `${command} failed: ${first.summary}${first.detail ? `: ${first.detail}` : ''}` : `${command} failed`;
}
