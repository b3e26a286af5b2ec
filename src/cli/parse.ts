// Value parsers for flags and config: each throws a UsageError with a one-line message.

import { UsageError } from '../domain/errors.js';
import { parseDecimalRate, parseUserCount, parseWhole, type Parsed } from '../domain/numbers.js';

export { UsageError };

function orThrow<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new UsageError(parsed.message);
  return parsed.value;
}

export function parseCount(flag: string, min = 0): (value: string) => number {
  return (value) => orThrow(parseWhole(value, flag, min));
}

export function parseUsers(flag: string): (value: string) => number {
  return (value) => orThrow(parseUserCount(value, flag));
}

export function parseRate(flag: string): (value: string) => number {
  return (value) => orThrow(parseDecimalRate(value, flag));
}

const UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1 };

/** "90", "90s", "1m", "1h30m", "2m30s" -> seconds (Locust's run-time syntax). */
export function parseDuration(flag: string): (value: string) => number {
  return (value) => {
    const text = value.trim().toLowerCase();
    if (/^\d+$/.test(text)) {
      const seconds = Number(text);
      if (seconds > 0) return seconds;
    }
    const parts = [...text.matchAll(/(\d+)([hms])/g)];
    const seconds = parts.reduce((sum, part) => sum + Number(part[1]) * (UNIT_SECONDS[part[2] ?? 's'] ?? 1), 0);
    if (parts.map((part) => part[0]).join('') !== text || seconds <= 0) {
      throw new UsageError(`${flag} must be a duration like 30s, 1m or 1h30m (got "${value}")`);
    }
    return seconds;
  };
}

export function parseUrl(flag: string): (value: string) => string {
  return (value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new UsageError(`${flag} must be a URL like http://127.0.0.1:8080 (got "${value}")`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${flag} must be an http(s) URL (got "${value}")`);
    return value.replace(/\/$/, '');
  };
}

export function parseChoice<T extends string>(flag: string, choices: readonly T[]): (value: string) => T {
  return (value) => {
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw new UsageError(`${flag} must be one of ${choices.join(', ')} (got "${value}")`);
  };
}
