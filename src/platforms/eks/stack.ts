// The Terraform side of the eks platform: the stack directory run through src/terraform (init,
// plan, apply of the saved plan, destroy, outputs), every event turned into InfraProgress.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { InfraProgress } from '../platform.js';
import { formatDiagnostic, formatResources, Terraform, TerraformCommandError, type OperationResult, type OutputValue, type Progress, type RunOptions } from '../../terraform/index.js';
import { InfraCancelledError, InfraFailedError } from './errors.js';
import { step, terraformProgress, type InfraOperation } from './progress.js';

/** What ltop reads from terraform/outputs.tf. */
export interface StackOutputs {
  readonly clusterName: string;
  readonly region?: string;
  /** the tag the orphan check looks for: {key: ltop-stack, value: <name>} */
  readonly stackTag: { readonly key: string; readonly value: string };
  readonly logGroupNames?: Readonly<Record<string, string>>;
  readonly ecrRepositoryUrl?: string;
  readonly costInputs?: unknown;
}

const text = (output: OutputValue | undefined): string | undefined => (typeof output?.value === 'string' && output.value !== '' ? output.value : undefined);

/** undefined when the stack has no cluster (never applied, or destroyed) */
export function stackOutputs(outputs: Readonly<Record<string, OutputValue>>): StackOutputs | undefined {
  const clusterName = text(outputs['cluster_name']);
  if (!clusterName) return undefined;
  const tag = outputs['stack_tag']?.value as { key?: unknown; value?: unknown } | undefined;
  const region = text(outputs['region']);
  const ecr = text(outputs['ecr_repository_url']);
  return {
    clusterName,
    ...(region ? { region } : {}),
    stackTag: { key: typeof tag?.key === 'string' ? tag.key : 'ltop-stack', value: typeof tag?.value === 'string' ? tag.value : clusterName },
    ...(outputs['log_group_names']?.value ? { logGroupNames: outputs['log_group_names'].value as Record<string, string> } : {}),
    ...(ecr ? { ecrRepositoryUrl: ecr } : {}),
    ...(outputs['cost_inputs'] ? { costInputs: outputs['cost_inputs'].value } : {}),
  };
}

export interface StackRun {
  readonly vars: Readonly<Record<string, unknown>>;
  readonly onProgress: (progress: InfraProgress) => void;
  /** Terraform's own progress of the command running (counts, in-flight resources, diagnostics), before each event's line */
  readonly onTerraform?: (progress: Progress) => void;
  readonly signal?: AbortSignal;
}

export class EksStack {
  private located?: Promise<Terraform>;

  constructor(
    readonly dir: string,
    private readonly varFile: string | undefined,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** TerraformNotFoundError (what to install) when there is no terraform/tofu. */
  terraform(): Promise<Terraform> {
    this.located ??= Terraform.locate(this.dir, this.env);
    // not found stays not remembered: a retry after installing it finds it
    this.located.catch(() => (this.located = undefined));
    return this.located;
  }

  async outputs(): Promise<StackOutputs | undefined> {
    return stackOutputs(await (await this.terraform()).output());
  }

  async provision(run: StackRun): Promise<StackOutputs | undefined> {
    const terraform = await this.terraform();
    await this.init(terraform, 'provision', run);
    const planFile = path.join(this.dir, '.ltop', 'ltop.tfplan');
    mkdirSync(path.dirname(planFile), { recursive: true });
    const plan = await terraform.plan({ ...this.runOptions('provision', run), out: planFile });
    this.settle('provision', 'plan', plan);
    let applied: OperationResult;
    try {
      applied = await terraform.apply({ ...this.runOptions('provision', run), planFile });
    } finally {
      // a saved plan holds every variable's value in clear text, and is spent once applied
      rmSync(planFile, { force: true });
    }
    this.settle('provision', 'apply', applied);
    return stackOutputs(applied.outputs ?? (await terraform.output()));
  }

  async destroy(run: StackRun): Promise<void> {
    const terraform = await this.terraform();
    await this.init(terraform, 'destroy', run);
    this.settle('destroy', 'destroy', await terraform.destroy(this.runOptions('destroy', run)));
  }

  private async init(terraform: Terraform, operation: InfraOperation, run: StackRun): Promise<void> {
    run.onProgress(step(operation, 'init', 'started', `terraform init in ${this.dir}`));
    try {
      const result = await terraform.init({ ...(run.signal ? { signal: run.signal } : {}) });
      if (result.cancelled) throw new InfraCancelledError('interrupted during terraform init: nothing was changed', []);
    } catch (error) {
      if (error instanceof TerraformCommandError) throw new InfraFailedError(error.message, error.diagnostics.map(formatDiagnostic));
      throw error;
    }
    run.onProgress(step(operation, 'init', 'complete', 'terraform init done'));
  }

  private runOptions(operation: InfraOperation, run: StackRun): RunOptions {
    return {
      vars: run.vars,
      ...(this.varFile ? { varFiles: [this.varFile] } : {}),
      ...(run.signal ? { signal: run.signal } : {}),
      onEvent: (event, progress) => {
        run.onTerraform?.(progress);
        const mapped = terraformProgress(operation, event, progress);
        if (mapped) run.onProgress(mapped);
      },
    };
  }

  /** A cancelled or failed run throws with its diagnostics and what the state records now. */
  private settle(operation: InfraOperation, command: string, result: OperationResult): void {
    if (result.ok) return;
    const exists = result.resources ? ['what exists now:', ...formatResources(result.resources).map((line) => `  ${line}`)] : [];
    if (result.cancelled) {
      throw new InfraCancelledError(`${operation} interrupted: terraform got one interrupt and stopped cleanly (state written, lock released)`, exists);
    }
    const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    const first = errors[0];
    throw new InfraFailedError(`terraform ${command} failed${first ? `: ${first.summary}` : ''} (log: ${result.logFile})`, [...errors.map(formatDiagnostic), ...exists]);
  }
}
