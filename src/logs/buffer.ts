// The Logs panel's data, pure: a bounded buffer of lines (oldest dropped first), the `/` filter,
// and the window of rows to show for a scroll offset (0 = following the newest line).

import { matchesFilter } from './format.js';
import type { LogLine } from './line.js';

export interface LogBuffer {
  readonly lines: readonly LogLine[];
  readonly capacity: number;
  /** lines dropped because the buffer was full */
  readonly dropped: number;
}

export const emptyLogBuffer = (capacity = 2000): LogBuffer => ({ lines: [], capacity, dropped: 0 });

export function appendLines(buf: LogBuffer, more: readonly LogLine[]): LogBuffer {
  if (more.length === 0) return buf;
  const all = [...buf.lines, ...more];
  const over = Math.max(0, all.length - buf.capacity);
  return { ...buf, lines: over ? all.slice(over) : all, dropped: buf.dropped + over };
}

export interface LogView {
  readonly rows: readonly LogLine[];
  /** lines matching the filter */
  readonly matching: number;
  /** the scroll offset actually used (clamped), lines up from the newest */
  readonly offset: number;
  /** true when the newest matching line is shown (new lines will appear) */
  readonly following: boolean;
}

/** `height` rows ending `offset` lines above the newest matching line. */
export function logView(buf: LogBuffer, height: number, offset = 0, filter?: string): LogView {
  const matching = filter ? buf.lines.filter((l) => matchesFilter(l, filter)) : buf.lines;
  const maxOffset = Math.max(0, matching.length - height);
  const used = Math.min(Math.max(0, offset), maxOffset);
  const end = matching.length - used;
  return { rows: matching.slice(Math.max(0, end - height), end), matching: matching.length, offset: used, following: used === 0 };
}
