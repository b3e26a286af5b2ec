// One runtime log line, whatever carried it: ltop's JSON lines (runtime/ltop_plugin.py with
// LTOP_LOG_FORMAT=json), Locust's own plain lines ("[2026-12-01 09:10:00,123] host/INFO/locust.main: …")
// or anything else a container prints (a traceback's continuation, Locust's stats table).
// Pure: no I/O, no clock unless the caller gives none.

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export interface LogLine {
  /** epoch ms: the line's own time, else the carrier's (pod log timestamp, CloudWatch event time) */
  readonly at: number;
  /** undefined when the line states none (a traceback's continuation, a stats table row) */
  readonly level: LogLevel | undefined;
  /** where it came from: the pod (or worker id / host), e.g. "ltop-worker-7d9f-x2" */
  readonly source: string;
  /** the logger that wrote it, e.g. "locust.runners" (JSON and Locust lines) */
  readonly logger?: string;
  readonly message: string;
  readonly runId?: string;
  readonly workerId?: string;
  /** master | worker | standalone (JSON lines) */
  readonly role?: string;
}

/** What the carrier knows about a line: which pod/stream, and when it was received or stamped. */
export interface LineContext {
  readonly source: string;
  /** the carrier's timestamp (epoch ms); used when the line has none of its own */
  readonly at: number;
}

const LEVELS: Record<string, LogLevel> = {
  DEBUG: 'DEBUG',
  TRACE: 'DEBUG',
  INFO: 'INFO',
  NOTICE: 'INFO',
  WARN: 'WARNING',
  WARNING: 'WARNING',
  ERROR: 'ERROR',
  ERR: 'ERROR',
  CRITICAL: 'CRITICAL',
  FATAL: 'CRITICAL',
};

export function normalizeLevel(raw: unknown): LogLevel | undefined {
  return typeof raw === 'string' ? LEVELS[raw.trim().toUpperCase()] : undefined;
}

// Locust's default format: "[%(asctime)s] %(hostname)s/%(levelname)s/%(name)s: %(message)s"
const LOCUST_LINE = /^\[(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}),(\d{3})\] ([^/\s]+)\/([A-Z]+)\/([^:\s]+): ?(.*)$/s;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function timeOf(raw: unknown): number | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw < 1e12 ? raw * 1000 : raw;
  if (typeof raw !== 'string') return undefined;
  const t = Date.parse(raw);
  return Number.isNaN(t) ? undefined : t;
}

function fromJson(obj: Record<string, unknown>, ctx: LineContext): LogLine | undefined {
  const message = obj.message ?? obj.msg;
  if (typeof message !== 'string') return undefined;
  const exception = str(obj.exception);
  const workerId = str(obj.worker_id);
  const runId = str(obj.run_id);
  const role = str(obj.role);
  const logger = str(obj.logger) ?? str(obj.name);
  return {
    at: timeOf(obj.time ?? obj.timestamp) ?? ctx.at,
    level: normalizeLevel(obj.level ?? obj.levelname),
    // the pod (or stream) the carrier names is what an SRE can act on; the host is the fallback
    source: ctx.source || str(obj.host) || workerId || '',
    message: exception ? `${message}\n${exception}` : message,
    ...(logger ? { logger } : {}),
    ...(runId ? { runId } : {}),
    ...(workerId ? { workerId } : {}),
    ...(role ? { role } : {}),
  };
}

/**
 * Parse one line. Lines that are not ltop JSON or Locust's own format are kept whole, with no
 * level, so nothing a worker prints is lost. A Locust line's time has no zone: the carrier's
 * time (UTC, from the pod log or CloudWatch) is preferred when there is one.
 */
export function parseLogLine(raw: string, ctx: LineContext): LogLine {
  const text = raw.replace(/\r?\n$/, '');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      const obj = JSON.parse(trimmed) as unknown;
      if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
        const line = fromJson(obj as Record<string, unknown>, ctx);
        if (line) return line;
      }
    } catch {
      // not JSON after all: a plain line that starts with a brace
    }
  }
  const m = LOCUST_LINE.exec(text);
  if (m) {
    const [, date, time, ms, host, level, logger, message] = m as unknown as [string, string, string, string, string, string, string, string];
    const own = Date.parse(`${date}T${time}.${ms}Z`);
    return {
      at: ctx.at || own,
      level: normalizeLevel(level),
      source: ctx.source || host,
      logger,
      message,
    };
  }
  return { at: ctx.at, level: undefined, source: ctx.source, message: text };
}
