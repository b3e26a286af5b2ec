// A log line as `ltop logs` prints it, like `aws logs tail`: time, source, level, message.
// Pure; colour is the caller's choice (levels are padded so columns line up without it).

import type { LogLine } from './line.js';

export interface FormatOptions {
  /** 'iso' (2026-12-01T09:12:29.556Z, the default) or 'short' (09:12:29) */
  readonly time?: 'iso' | 'short';
  /** colour the level (ANSI), off under NO_COLOR or when not a terminal */
  readonly color?: boolean;
}

const COLOURS: Record<string, string> = { DEBUG: '\x1b[2m', WARNING: '\x1b[33m', ERROR: '\x1b[31m', CRITICAL: '\x1b[1;31m' };

export function formatTime(at: number, style: 'iso' | 'short' = 'iso'): string {
  const iso = new Date(at).toISOString();
  return style === 'short' ? iso.slice(11, 19) : iso;
}

export function formatLogLine(line: LogLine, opts: FormatOptions = {}): string {
  const level = (line.level ?? '-').padEnd(8);
  const shown = opts.color && line.level && COLOURS[line.level] ? `${COLOURS[line.level]}${level}\x1b[0m` : level;
  const who = line.logger ? `${line.logger}: ` : '';
  return `${formatTime(line.at, opts.time)} ${line.source} ${shown}${who}${line.message}`;
}

/** --filter TEXT: case-insensitive, in the message, source, level or logger. */
export function matchesFilter(line: LogLine, filter: string | undefined): boolean {
  if (!filter) return true;
  const needle = filter.toLowerCase();
  return [line.message, line.source, line.level ?? '', line.logger ?? ''].some((s) => s.toLowerCase().includes(needle));
}
