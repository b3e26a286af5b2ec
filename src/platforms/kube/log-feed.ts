// The master's and workers' pod logs as the platform's `platform/log` events: podLogs following
// the pods as they come and go, from the last lines of each (so an attach shows recent history).
import { podLogs } from '../../logs/kube-pod-logs.js';
import { logEvent } from '../../logs/platform-event.js';
import type { EmitPlatformEvent } from '../platform.js';
import type { KubeConnection } from './config.js';

/** lines of each pod's log shown when the feed starts */
export const POD_LOG_TAIL_LINES = 100;

/** Starts following; the returned function stops it. */
export function startPodLogFeed(c: KubeConnection, emit: EmitPlatformEvent): () => void {
  const ac = new AbortController();
  void podLogs({
    kc: c.kc,
    rest: c.rest,
    namespace: c.namespace,
    follow: true,
    tailLines: POD_LOG_TAIL_LINES,
    signal: ac.signal,
    onLine: (l) => emit(logEvent(l)),
    onNotice: (message) => emit({ type: 'platform/log', source: 'ltop', line: `pod logs: ${message}`, at: Date.now() }),
  }).catch((err: unknown) => {
    if (!ac.signal.aborted) emit({ type: 'platform/notice', level: 'warn', message: `pod logs in ${c.namespace}: ${err instanceof Error ? err.message : String(err)}` });
  });
  return () => ac.abort();
}
