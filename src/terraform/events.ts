// The typed events ltop makes of Terraform's machine-readable UI (`-json`): one per line
// Terraform prints. The shapes follow Terraform's "Machine-readable UI" documentation
// (UI version 1.x); OpenTofu prints the same.

export type ChangeAction = 'noop' | 'create' | 'read' | 'update' | 'replace' | 'delete' | 'move' | 'remove' | 'import' | 'forget' | (string & {});

export type Operation = 'plan' | 'apply' | 'destroy';

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail: string;
  /** The resource the diagnostic is about, when Terraform names one. */
  readonly address?: string;
  /** Where in the configuration, e.g. "main.tf:52". */
  readonly location?: string;
}

export interface OutputValue {
  readonly sensitive: boolean;
  readonly type?: unknown;
  /** Absent while planned, and for sensitive outputs in the stream. */
  readonly value?: unknown;
}

export type TerraformEvent =
  | { readonly type: 'version'; readonly terraform: string; readonly ui: string }
  | { readonly type: 'planned_change'; readonly address: string; readonly resourceType: string; readonly action: ChangeAction }
  | { readonly type: 'change_summary'; readonly operation: Operation; readonly add: number; readonly change: number; readonly remove: number; readonly import: number }
  | { readonly type: 'apply_start'; readonly address: string; readonly action: ChangeAction; readonly at: number }
  | { readonly type: 'apply_progress'; readonly address: string; readonly action: ChangeAction; readonly elapsedSeconds: number; readonly at: number }
  | { readonly type: 'apply_complete'; readonly address: string; readonly action: ChangeAction; readonly elapsedSeconds: number; readonly id?: string; readonly at: number }
  | { readonly type: 'apply_errored'; readonly address: string; readonly action: ChangeAction; readonly elapsedSeconds: number; readonly at: number }
  | { readonly type: 'provision'; readonly address: string; readonly phase: 'start' | 'progress' | 'complete' | 'errored'; readonly output?: string }
  | { readonly type: 'refresh'; readonly address: string; readonly phase: 'start' | 'complete' }
  | { readonly type: 'diagnostic'; readonly diagnostic: Diagnostic }
  /** `planned` (during the plan: names and actions only) or `applied` (with values). */
  | { readonly type: 'outputs'; readonly phase: 'planned' | 'applied'; readonly outputs: Readonly<Record<string, OutputValue>> }
  /** Anything else Terraform says (init, interrupts, drift): shown as a log line. */
  | { readonly type: 'log'; readonly level: string; readonly message: string };

export type TerraformEventType = TerraformEvent['type'];
