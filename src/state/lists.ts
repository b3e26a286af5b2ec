// The scrolling lists (endpoints, workers, logs, errors, infra): their length, the selected
// row and the window shown around it. Pure.
import type { LocustError } from '../locust/snapshot.js';
import { visibleEndpoints, workerRows } from './selectors.js';
import type { ListId, LogLine, State } from './state.js';

/** The Logs panel's lines under its `/` filter (message, source, level or logger; any case). */
export function visibleLogs(state: State): readonly LogLine[] {
  const needle = state.ui.logFilter.toLowerCase();
  if (!needle) return state.logs;
  return state.logs.filter((line) => [line.line, line.source, line.level ?? '', line.logger ?? ''].some((text) => text.toLowerCase().includes(needle)));
}

/** How many rows the list has, for scrolling. */
export function listLength(state: State, list: ListId): number {
  switch (list) {
    case 'endpoints':
      return visibleEndpoints(state).length;
    case 'workers':
      return workerRows(state).length;
    case 'logs':
      return visibleLogs(state).length;
    case 'errors':
      return state.locust?.errors.length ?? 0;
    case 'infra':
      return state.resources.length;
    case 'target':
      return state.target?.deployments.reduce((n, d) => n + d.pods.length, 0) ?? 0;
  }
}

/** The selected row of a list: logs follow the newest line until the user scrolls. */
export function cursorOf(state: State, list: ListId): number {
  const length = listLength(state, list);
  const chosen = state.ui.cursor[list];
  if (chosen === undefined) return list === 'logs' ? Math.max(0, length - 1) : 0;
  return Math.min(chosen, Math.max(0, length - 1));
}

/** The first row shown so that the cursor is on screen (it sits on the last row when scrolled down). */
export function windowStart(cursor: number, page: number, length: number): number {
  return Math.max(0, Math.min(cursor - page + 1, length - page));
}

/** Errors as the panel lists them: most frequent first. */
export function sortedErrors(state: State): LocustError[] {
  return [...(state.locust?.errors ?? [])].sort((a, b) => b.occurrences - a.occurrences);
}
