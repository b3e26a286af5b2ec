// Pure: Terraform events and progress as the short lines headless `ltop up/down` prints
// and the cockpit's progress view shows. No colour: the caller styles.
import type { ChangeAction, Diagnostic, TerraformEvent } from './events.js';
import type { ProgressOperation, ProgressView } from './progress.js';
import type { StateResource } from './show.js';

const ACTIVE: Record<string, string> = { create: 'creating', update: 'updating', delete: 'destroying', read: 'reading', replace: 'replacing' };
const PAST: Record<string, string> = { create: 'created', update: 'updated', delete: 'destroyed', read: 'read', replace: 'replaced' };

export function formatElapsed(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const minutes = Math.floor(whole / 60);
  return minutes > 0 ? `${minutes}m${String(whole % 60).padStart(2, '0')}s` : `${whole}s`;
}

const active = (action: ChangeAction) => ACTIVE[action] ?? action;
const past = (action: ChangeAction) => PAST[action] ?? action;

/** "apply 3/12 25% · creating module.eks.aws_eks_cluster.this[0] 4m10s (+2 more)" */
export function formatProgressLine(operation: ProgressOperation, view: ProgressView): string {
  const counts = view.planned > 0 ? `${view.done}/${view.planned} ${view.percent ?? 0}%` : 'planning';
  const current = view.current ? ` · ${active(view.current.action)} ${view.current.address} ${formatElapsed(view.current.elapsedSeconds)}` : '';
  const more = view.inFlight > 1 ? ` (+${view.inFlight - 1} more)` : '';
  const errors = view.errors > 0 ? ` · ${view.errors} error${view.errors === 1 ? '' : 's'}` : '';
  return `${operation} ${counts}${current}${more}${errors}`;
}

/** "error: local-exec provisioner error [terraform_data.cluster, main.tf:52]: Error running ..." */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = [diagnostic.address, diagnostic.location].filter(Boolean).join(', ');
  const detail = diagnostic.detail.replace(/\s+/g, ' ').trim();
  return `${diagnostic.severity}: ${diagnostic.summary}${where ? ` [${where}]` : ''}${detail ? `: ${detail}` : ''}`;
}

/** One line for the events a person wants to read as they happen; undefined for the chatter. */
export function formatEvent(event: TerraformEvent): string | undefined {
  switch (event.type) {
    case 'version':
      return `terraform ${event.terraform}`;
    case 'change_summary':
      return event.operation === 'plan'
        ? `plan: ${event.add} to add, ${event.change} to change, ${event.remove} to destroy`
        : `${event.operation} complete: ${event.add} added, ${event.change} changed, ${event.remove} destroyed`;
    case 'apply_start':
      return event.action === 'read' ? undefined : `${active(event.action)} ${event.address}`;
    case 'apply_progress':
      return `still ${active(event.action)} ${event.address} ${formatElapsed(event.elapsedSeconds)}`;
    case 'apply_complete':
      return event.action === 'read' ? undefined : `${past(event.action)} ${event.address} in ${formatElapsed(event.elapsedSeconds)}`;
    case 'apply_errored':
      return `failed ${active(event.action)} ${event.address} after ${formatElapsed(event.elapsedSeconds)}`;
    case 'diagnostic':
      return formatDiagnostic(event.diagnostic);
    case 'log':
      return event.message.startsWith('Interrupt received') ? 'interrupt sent: waiting for terraform to stop cleanly' : undefined;
    default:
      return undefined;
  }
}

/** What a cancelled or failed run left, one resource a line. */
export function formatResources(resources: readonly StateResource[]): string[] {
  if (resources.length === 0) return ['nothing recorded in the state'];
  return resources.map((resource) => `${resource.address}${resource.tainted ? ' (tainted: replaced on the next apply)' : ''}`);
}
