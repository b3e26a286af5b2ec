// A parsed log line as the platform event the cockpit's Logs panel takes (level and logger kept).
import type { PlatformEvent } from '../domain/platform-vocabulary.js';
import type { LogLine } from './line.js';

export function logEvent(l: LogLine): PlatformEvent {
  return { type: 'platform/log', source: l.source, line: l.message, at: l.at, ...(l.level ? { level: l.level } : {}), ...(l.logger ? { logger: l.logger } : {}) };
}
