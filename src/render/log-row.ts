// One Logs panel row from a kept line, pure: time, source, level, and "logger: message" on one line.
import type { LogLevel } from '../logs/line.js';
import type { LogLine } from '../state/state.js';
import { fit } from './format.js';

export interface LogRow {
  readonly time: string;
  readonly source: string;
  /** padded to one width so messages line up; blank when the line states none */
  readonly level: string;
  readonly text: string;
}

/** The colour a level is drawn in (none for INFO and unlevelled lines). */
export const LEVEL_COLOR: Readonly<Partial<Record<LogLevel, string>>> = { DEBUG: 'gray', WARNING: 'yellow', ERROR: 'red', CRITICAL: 'red' };

export function logRow(line: LogLine, sourceWidth: number): LogRow {
  const source = fit(line.source, sourceWidth);
  return {
    time: new Date(line.at).toISOString().slice(11, 19),
    source,
    level: (line.level ?? '').padEnd(8),
    text: `${line.logger ? `${line.logger}: ` : ''}${line.line}`.replace(/\s+/g, ' '),
  };
}
