// Pure: one line of `terraform ... -json` output -> one typed event. The first line is a
// `version` message whose `ui` says which format follows: a higher minor only adds fields
// and is accepted; a new major may change meanings, and ltop refuses it rather than guess.
import type { ChangeAction, Diagnostic, Operation, OutputValue, TerraformEvent } from './events.js';

export const SUPPORTED_UI_MAJOR = 1;

export class UnsupportedUiVersionError extends Error {}

export type ParsedLine =
  | { readonly kind: 'event'; readonly event: TerraformEvent }
  /** Not one JSON object (a crash trace, a plugin's stray print): kept as text. */
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'blank' };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

export function checkUiVersion(ui: string): void {
  const major = Number(ui.split('.')[0]);
  if (major !== SUPPORTED_UI_MAJOR) {
    throw new UnsupportedUiVersionError(`Terraform's machine-readable UI is version ${ui}; ltop understands ${SUPPORTED_UI_MAJOR}.x. Use a Terraform or OpenTofu release that speaks UI ${SUPPORTED_UI_MAJOR}.x, or upgrade ltop.`);
  }
}

/** Throws UnsupportedUiVersionError on a `version` line with a UI major ltop does not know. */
export function parseLine(line: string): ParsedLine {
  const trimmed = line.trim();
  if (trimmed === '') return { kind: 'blank' };
  let message: unknown;
  try {
    message = JSON.parse(trimmed);
  } catch {
    return { kind: 'text', text: trimmed };
  }
  if (!isObject(message)) return { kind: 'text', text: trimmed };
  return { kind: 'event', event: toEvent(message) };
}

function toEvent(message: Json): TerraformEvent {
  const hook = isObject(message['hook']) ? message['hook'] : {};
  const resource = isObject(hook['resource']) ? hook['resource'] : {};
  const address = text(resource['addr']);
  const action = text(hook['action']) as ChangeAction;
  const at = Date.parse(text(message['@timestamp'])) || 0;
  const elapsedSeconds = count(hook['elapsed_seconds']);
  switch (message['type']) {
    case 'version': {
      const ui = text(message['ui']);
      checkUiVersion(ui);
      return { type: 'version', terraform: text(message['terraform']) || text(message['tofu']), ui };
    }
    case 'planned_change': {
      const change = isObject(message['change']) ? message['change'] : {};
      const changed = isObject(change['resource']) ? change['resource'] : {};
      return { type: 'planned_change', address: text(changed['addr']), resourceType: text(changed['resource_type']), action: text(change['action']) };
    }
    case 'change_summary': {
      const changes = isObject(message['changes']) ? message['changes'] : {};
      const operation = (text(changes['operation']) || 'plan') as Operation;
      return { type: 'change_summary', operation, add: count(changes['add']), change: count(changes['change']), remove: count(changes['remove']), import: count(changes['import']) };
    }
    case 'apply_start':
      return { type: 'apply_start', address, action, at };
    case 'apply_progress':
      return { type: 'apply_progress', address, action, elapsedSeconds, at };
    case 'apply_complete': {
      const id = text(hook['id_value']);
      return { type: 'apply_complete', address, action, elapsedSeconds, at, ...(id ? { id } : {}) };
    }
    case 'apply_errored':
      return { type: 'apply_errored', address, action, elapsedSeconds, at };
    case 'provision_start':
    case 'provision_progress':
    case 'provision_complete':
    case 'provision_errored': {
      const phase = (message['type'] as string).slice('provision_'.length) as 'start' | 'progress' | 'complete' | 'errored';
      const output = text(hook['output']);
      return { type: 'provision', address, phase, ...(output ? { output } : {}) };
    }
    case 'refresh_start':
    case 'refresh_complete':
      return { type: 'refresh', address, phase: message['type'] === 'refresh_start' ? 'start' : 'complete' };
    case 'diagnostic':
      return { type: 'diagnostic', diagnostic: toDiagnostic(message) };
    case 'outputs': {
      const raw = isObject(message['outputs']) ? message['outputs'] : {};
      const planned = Object.values(raw).some((body) => isObject(body) && 'action' in body);
      return { type: 'outputs', phase: planned ? 'planned' : 'applied', outputs: toOutputs(raw) };
    }
    default:
      return { type: 'log', level: text(message['@level']) || 'info', message: text(message['@message']).trim() };
  }
}

function toDiagnostic(message: Json): Diagnostic {
  const body = isObject(message['diagnostic']) ? message['diagnostic'] : {};
  const range = isObject(body['range']) ? body['range'] : undefined;
  const start = range && isObject(range['start']) ? range['start'] : undefined;
  const address = text(body['address']);
  const location = range ? `${text(range['filename'])}${start ? `:${count(start['line'])}` : ''}` : '';
  return {
    severity: body['severity'] === 'warning' ? 'warning' : 'error',
    summary: text(body['summary']) || text(message['@message']),
    detail: text(body['detail']).trim(),
    ...(address ? { address } : {}),
    ...(location ? { location } : {}),
  };
}

/** `outputs` messages and `terraform output -json` share this shape: {name: {sensitive, type, value}}. */
export function toOutputs(raw: unknown): Record<string, OutputValue> {
  const outputs: Record<string, OutputValue> = {};
  if (!isObject(raw)) return outputs;
  for (const [name, body] of Object.entries(raw)) {
    if (!isObject(body)) continue;
    outputs[name] = { sensitive: body['sensitive'] === true, ...('type' in body ? { type: body['type'] } : {}), ...('value' in body ? { value: body['value'] } : {}) };
  }
  return outputs;
}
