// Pure: one provision or destroy folded into the view the cockpit's provisioning panel draws
// (InfraRunView): Terraform's own counts and in-flight resources (its Progress), the latest
// step's message, and at the end the failure with the next step. The platform attaches the view
// to every progress event it sends, so the state only keeps the latest one.
import type { InfraProgress, InfraRunView } from '../platform.js';
import type { Progress } from '../../terraform/index.js';
import { failureOf } from './failure.js';

type Operation = InfraRunView['operation'];

export function startRun(operation: Operation, at: number): InfraRunView {
  return { operation, outcome: 'running', startedAt: at, stage: 'aws', done: 0, planned: 0, inFlight: [], diagnostics: [], last: '' };
}

/** Terraform's progress of the command running now (plan, apply, destroy). */
export function withTerraform(run: InfraRunView, progress: Progress): InfraRunView {
  const counting = progress.operation === 'apply' || progress.operation === 'destroy';
  return {
    ...run,
    stage: 'terraform',
    ...(counting ? { done: progress.done, planned: progress.planned } : {}),
    inFlight: progress.inFlight.map((flight) => ({ address: flight.address, action: flight.action, startedAt: flight.startedAt, reportedSeconds: flight.reportedSeconds })),
    // every command's diagnostics (init's, plan's, apply's) stay on screen: the one that failed is the point
    diagnostics: [...run.diagnostics.filter((d) => !progress.diagnostics.some((p) => p.summary === d.summary && p.detail === d.detail)), ...progress.diagnostics.map((d) => ({ severity: d.severity, summary: d.summary, detail: d.detail, ...(d.address || d.location ? { where: [d.address, d.location].filter(Boolean).join(', ') } : {}) }))],
  };
}

/** A step's event: ltop's own steps name their stage (aws, init, kubernetes, orphan-check); Terraform's name a resource. */
export function withStep(run: InfraRunView, progress: InfraProgress): InfraRunView {
  const own = ['aws', 'access', 'init', 'kubernetes', 'orphan-check', 'stack'].includes(progress.subject);
  return { ...run, last: progress.message, ...(own ? { stage: progress.subject } : {}), ...(progress.subject === 'stack' && progress.phase === 'complete' ? { inFlight: [] } : {}) };
}

export function finished(run: InfraRunView, at: number): InfraRunView {
  return { ...run, outcome: 'done', inFlight: [], endedAt: at };
}

export function failed(run: InfraRunView, error: unknown, at: number): InfraRunView {
  const failure = failureOf(error);
  return { ...run, outcome: failure.cancelled ? 'cancelled' : 'failed', inFlight: [], endedAt: at, failure: { message: failure.message, lines: failure.lines, nextStep: failure.nextStep } };
}

/** The subject of the event that ends a run: it repeats what the steps said (headless prints none). */
export const RUN_SUBJECT = 'run';

/** Follows one run and sends every step on with the view so far attached. */
export class RunTracker {
  private view: InfraRunView;

  constructor(
    operation: Operation,
    private readonly send: (progress: InfraProgress) => void,
    at = Date.now(),
  ) {
    this.view = startRun(operation, at);
  }

  readonly onProgress = (progress: InfraProgress): void => {
    this.view = withStep(this.view, progress);
    this.send({ ...progress, run: this.view });
  };

  readonly onTerraform = (progress: Progress): void => {
    this.view = withTerraform(this.view, progress);
  };

  succeed(at = Date.now()): void {
    this.view = finished(this.view, at);
    const message = this.view.last;
    this.send({ operation: this.view.operation, subject: RUN_SUBJECT, phase: 'complete', message, at, run: this.view });
  }

  fail(error: unknown, at = Date.now()): void {
    this.view = failed(this.view, error, at);
    this.send({ operation: this.view.operation, subject: RUN_SUBJECT, phase: 'errored', message: this.view.failure?.message ?? String(error), at, run: this.view });
  }
}
