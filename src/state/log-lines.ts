// Platform output as the Logs panel keeps it: level, source, logger and message. Pure.
import type { PlatformEvent } from '../domain/platform-vocabulary.js';
import { normalizeLevel, parseLogLine } from '../logs/line.js';
import type { LogLine } from './state.js';

type LogEvent = Extract<PlatformEvent, { type: 'platform/log' }>;

/** A source that parsed the line says its level; otherwise ltop's JSON or Locust's format is read here. */
export function logLineOf(event: LogEvent): LogLine {
  const level = normalizeLevel(event.level);
  if (level || event.logger) return { at: event.at, source: event.source, line: event.line, ...(level ? { level } : {}), ...(event.logger ? { logger: event.logger } : {}) };
  const parsed = parseLogLine(event.line, { source: event.source, at: event.at });
  return { at: event.at, source: parsed.source, line: parsed.message, ...(parsed.level ? { level: parsed.level } : {}), ...(parsed.logger ? { logger: parsed.logger } : {}) };
}

const NOTICE_LEVEL = { info: 'INFO', warn: 'WARNING', error: 'ERROR' } as const;

/** ltop's own notices, in the same columns as the runtime's lines. */
export function noticeLine(level: 'info' | 'warn' | 'error', message: string, at: number): LogLine {
  return { at, source: 'ltop', line: message, level: NOTICE_LEVEL[level] };
}
