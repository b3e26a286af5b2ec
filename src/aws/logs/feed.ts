// CloudWatch Logs as a platform's log source (for the eks platform to call on start/attach and
// stop on detach/teardown): the Container Insights tail, following, as `platform/log` events.
import { logEvent } from '../../logs/platform-event.js';
import type { EmitPlatformEvent } from '../../domain/platform-vocabulary.js';
import type { CloudWatchLogsApi } from './client.js';
import { tailCloudWatch } from './tail.js';

export interface CloudWatchLogFeedOptions {
  readonly client: CloudWatchLogsApi;
  /** /aws/containerinsights/CLUSTER/application (logGroupFor in src/logs/run-logs.ts) */
  readonly logGroupName: string;
  readonly namespace: string;
  /** how far back the panel starts (default 10 minutes) */
  readonly sinceMs?: number;
  /** false: poll only (Live Tail costs $0.01 a session-minute) */
  readonly liveTail?: boolean;
  /** the tail gave up (no such group, no permission to read it): instead of a warning notice */
  readonly onFailed?: (message: string) => void;
}

/** Starts following; the returned function stops it. */
export function startCloudWatchLogFeed(o: CloudWatchLogFeedOptions, emit: EmitPlatformEvent): () => void {
  const ac = new AbortController();
  let mode = '';
  void tailCloudWatch({
    client: o.client,
    logGroupName: o.logGroupName,
    namespace: o.namespace,
    since: Date.now() - (o.sinceMs ?? 600_000),
    follow: true,
    signal: ac.signal,
    ...(o.liveTail !== undefined ? { liveTail: o.liveTail } : {}),
    onLine: (l) => emit(logEvent(l)),
    onStatus: (s) => {
      if (s.error) emit({ type: 'platform/log', source: 'ltop', line: `CloudWatch Logs: ${s.error}`, at: Date.now(), level: 'WARNING' });
      else if (s.mode !== mode) emit({ type: 'platform/log', source: 'ltop', line: `CloudWatch Logs ${o.logGroupName}: ${s.mode}${s.reason ? ` (${s.reason})` : ''}`, at: Date.now(), level: 'INFO' });
      mode = s.mode;
    },
  }).catch((err: unknown) => {
    if (ac.signal.aborted) return;
    const message = `CloudWatch Logs ${o.logGroupName}: ${err instanceof Error ? err.message : String(err)}`;
    if (o.onFailed) o.onFailed(message);
    else emit({ type: 'platform/notice', level: 'warn', message });
  });
  return () => ac.abort();
}
