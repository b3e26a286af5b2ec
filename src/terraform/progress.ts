// Pure: the progress of one apply or destroy, folded from its events. "Done / planned"
// counts resource actions as Terraform's change summary does (a replace is one add and
// one remove, and Terraform runs it as two hooks), so the two numbers meet at the end.
import type { ChangeAction, Diagnostic, OutputValue, TerraformEvent } from './events.js';

export interface InFlight {
  readonly address: string;
  readonly action: ChangeAction;
  /** Terraform's timestamp of apply_start, in ms. */
  readonly startedAt: number;
  /** The last elapsed_seconds Terraform reported (apply_progress, every 10 s). */
  readonly reportedSeconds: number;
}

export type ProgressOperation = 'init' | 'plan' | 'apply' | 'destroy';

export interface Progress {
  readonly operation: ProgressOperation;
  readonly terraformVersion?: string;
  /** Resource actions the plan announced; 0 until the plan is known. */
  readonly planned: number;
  readonly plannedChanges: readonly { readonly address: string; readonly action: ChangeAction }[];
  readonly done: number;
  readonly completed: readonly string[];
  readonly inFlight: readonly InFlight[];
  readonly errored: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
  /** The plan's summary (also printed before an apply or destroy starts changing things). */
  readonly plan?: { readonly add: number; readonly change: number; readonly remove: number };
  /** The final summary: present only when the operation ran to its end. */
  readonly finished?: { readonly add: number; readonly change: number; readonly remove: number };
  readonly outputs?: Readonly<Record<string, OutputValue>>;
}

/** Actions that appear in the change summary and so in "planned". */
const UNITS: Record<string, number> = { create: 1, update: 1, delete: 1, replace: 2 };
/** A replace runs as a delete hook and a create hook, so only these three complete. */
const counted = (action: ChangeAction) => action === 'create' || action === 'update' || action === 'delete';

export function initialProgress(operation: ProgressOperation): Progress {
  return { operation, planned: 0, plannedChanges: [], done: 0, completed: [], inFlight: [], errored: [], diagnostics: [] };
}

export function reduceProgress(progress: Progress, event: TerraformEvent): Progress {
  switch (event.type) {
    case 'version':
      return { ...progress, terraformVersion: event.terraform };
    case 'planned_change': {
      const plannedChanges = [...progress.plannedChanges, { address: event.address, action: event.action }];
      return { ...progress, plannedChanges, planned: plannedChanges.reduce((sum, change) => sum + (UNITS[change.action] ?? 0), 0) };
    }
    case 'change_summary':
      if (event.operation === 'plan') return { ...progress, planned: event.add + event.change + event.remove, plan: { add: event.add, change: event.change, remove: event.remove } };
      return { ...progress, finished: { add: event.add, change: event.change, remove: event.remove } };
    case 'apply_start':
      return { ...progress, inFlight: [...withoutFlight(progress, event.address), { address: event.address, action: event.action, startedAt: event.at, reportedSeconds: 0 }] };
    case 'apply_progress':
      return { ...progress, inFlight: progress.inFlight.map((flight) => (flight.address === event.address ? { ...flight, reportedSeconds: event.elapsedSeconds } : flight)) };
    case 'apply_complete': {
      const inFlight = withoutFlight(progress, event.address);
      if (!counted(event.action)) return { ...progress, inFlight };
      return { ...progress, inFlight, done: progress.done + 1, completed: [...progress.completed, event.address] };
    }
    case 'apply_errored':
      return { ...progress, inFlight: withoutFlight(progress, event.address), errored: [...progress.errored, event.address] };
    case 'diagnostic':
      return { ...progress, diagnostics: [...progress.diagnostics, event.diagnostic] };
    case 'outputs':
      // The plan's outputs message announces names only; the apply's carries values.
      return event.phase === 'applied' ? { ...progress, outputs: event.outputs } : progress;
    default:
      return progress;
  }
}

function withoutFlight(progress: Progress, address: string): InFlight[] {
  return progress.inFlight.filter((flight) => flight.address !== address);
}

export interface ProgressView {
  readonly done: number;
  readonly planned: number;
  /** 0-100, or undefined while the plan is not known yet. */
  readonly percent?: number;
  /** The resource that has been in progress longest, with its elapsed time. */
  readonly current?: { readonly address: string; readonly action: ChangeAction; readonly elapsedSeconds: number };
  readonly inFlight: number;
  readonly errors: number;
}

export function progressView(progress: Progress, now: number): ProgressView {
  const flights = progress.inFlight.map((flight) => ({
    address: flight.address,
    action: flight.action,
    elapsedSeconds: Math.max(flight.reportedSeconds, Math.floor((now - flight.startedAt) / 1000)),
  }));
  const current = flights.reduce<(typeof flights)[number] | undefined>((longest, flight) => (!longest || flight.elapsedSeconds > longest.elapsedSeconds ? flight : longest), undefined);
  return {
    done: progress.done,
    planned: progress.planned,
    ...(progress.planned > 0 ? { percent: Math.min(100, Math.round((progress.done / progress.planned) * 100)) } : {}),
    ...(current ? { current } : {}),
    inFlight: flights.length,
    errors: progress.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length,
  };
}
