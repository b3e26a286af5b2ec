// Pure: Terraform's events as the platform's InfraProgress (what the cockpit and `ltop up/down`
// show), with the runner's own progress line (done/planned, the resource in progress and its
// elapsed time) in each message.
import type { InfraProgress } from '../platform.js';
import { formatEvent, progressView, type Progress, type TerraformEvent } from '../../terraform/index.js';

export type InfraOperation = InfraProgress['operation'];

/** A step of ltop's own (credentials, Kubernetes clean-up, the orphan check) as progress. */
export function step(operation: InfraOperation, subject: string, phase: InfraProgress['phase'], message: string, at = Date.now()): InfraProgress {
  return { operation, subject, phase, message, at };
}

/** One InfraProgress for the events worth a line, undefined for the chatter. */
export function terraformProgress(operation: InfraOperation, event: TerraformEvent, progress: Progress, now = Date.now()): InfraProgress | undefined {
  // the version line repeats for every command of a run: noise in a progress list
  const text = event.type === 'version' ? undefined : formatEvent(event);
  if (text === undefined) return undefined;
  const view = progressView(progress, now);
  // the event names its resource; the counts say where the whole run is
  const counts = (progress.operation === 'apply' || progress.operation === 'destroy') && view.planned > 0 ? ` · ${progress.operation} ${view.done}/${view.planned} ${view.percent ?? 0}%` : '';
  switch (event.type) {
    case 'change_summary':
      return step(operation, 'terraform', event.operation === 'plan' ? 'planned' : 'complete', text, now);
    case 'apply_start':
      return { ...step(operation, event.address, 'started', `${text}${counts}`, now), elapsedSeconds: 0 };
    case 'apply_progress':
      // "still creating X 4m10s · apply 3/12 25% (+2 more in progress)"
      return { ...step(operation, event.address, 'progress', `${text}${counts}${view.inFlight > 1 ? ` (+${view.inFlight - 1} more in progress)` : ''}`, now), elapsedSeconds: event.elapsedSeconds };
    case 'apply_complete':
      return { ...step(operation, event.address, 'complete', `${text}${counts}`, now), elapsedSeconds: event.elapsedSeconds };
    case 'apply_errored':
      return { ...step(operation, event.address, 'errored', `${text}${counts}`, now), elapsedSeconds: event.elapsedSeconds };
    case 'diagnostic':
      return step(operation, event.diagnostic.address ?? 'terraform', event.diagnostic.severity === 'error' ? 'errored' : 'progress', text, now);
    default:
      return step(operation, 'terraform', 'progress', text, now);
  }
}

/** The headless line of one progress event: "provision: created terraform_data.cluster in 1s · apply 2/4 50%", "destroy kubernetes: …". */
export function progressLine(progress: InfraProgress): string {
  const words = progress.message.split(/\s+/);
  return words.includes(progress.subject) ? `${progress.operation}: ${progress.message}` : `${progress.operation} ${progress.subject}: ${progress.message}`;
}
