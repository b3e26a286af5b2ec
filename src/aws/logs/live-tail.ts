// One CloudWatch Logs Live Tail session (StartLiveTail, an SDK v3 event stream): pushes about
// one update a second, up to 500 events/s, ends after 3 hours (SessionTimeoutException) and
// costs $0.01 per session-minute, so only a following tail opens one.
//
// The stream's union: sessionStart | sessionUpdate {sessionMetadata: {sampled}, sessionResults}
// | SessionTimeoutException | SessionStreamingException. The SDK throws the two exceptions
// from the iterator (they are exception messages on the wire); the type also lets them arrive
// as members, so both are read the same way.

import { type LiveTailSessionLogEvent, StartLiveTailCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchLogsApi } from './client.js';

export type LiveTailEnd =
  /** the 3-hour limit (or the service ended the session) */
  | { readonly reason: 'timeout'; readonly message: string }
  /** the session could not start or broke: no permission, no such group, an endpoint without Live Tail */
  | { readonly reason: 'error'; readonly message: string; readonly error: unknown }
  /** the stream simply ended */
  | { readonly reason: 'ended'; readonly message: string }
  | { readonly reason: 'aborted'; readonly message: string };

export interface LiveTailOptions {
  readonly client: CloudWatchLogsApi;
  /** log group ARNs (1-10); stream filters need exactly one */
  readonly logGroupIdentifiers: readonly string[];
  readonly logEventFilterPattern?: string;
  readonly logStreamNamePrefixes?: readonly string[];
  readonly signal: AbortSignal;
  readonly onStart?: (sessionId: string | undefined) => void;
  /** `sampled`: the service dropped events (more than 500/s) */
  readonly onEvents: (events: readonly LiveTailSessionLogEvent[], sampled: boolean) => void;
}

const messageOf = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

/** Run one session until it ends; never throws. */
export async function runLiveTail(opts: LiveTailOptions): Promise<LiveTailEnd> {
  try {
    const res = await opts.client.send(
      new StartLiveTailCommand({
        logGroupIdentifiers: [...opts.logGroupIdentifiers],
        ...(opts.logEventFilterPattern ? { logEventFilterPattern: opts.logEventFilterPattern } : {}),
        ...(opts.logStreamNamePrefixes?.length ? { logStreamNamePrefixes: [...opts.logStreamNamePrefixes] } : {}),
      }),
      { abortSignal: opts.signal },
    );
    if (!res.responseStream) return { reason: 'error', message: 'StartLiveTail answered without a stream', error: undefined };
    for await (const ev of res.responseStream) {
      if (ev.sessionStart) opts.onStart?.(ev.sessionStart.sessionId);
      else if (ev.sessionUpdate) opts.onEvents(ev.sessionUpdate.sessionResults ?? [], ev.sessionUpdate.sessionMetadata?.sampled === true);
      else if (ev.SessionTimeoutException) return { reason: 'timeout', message: ev.SessionTimeoutException.message ?? 'Live Tail session timed out' };
      else if (ev.SessionStreamingException) {
        return { reason: 'error', message: `SessionStreamingException: ${ev.SessionStreamingException.message ?? ''}`, error: ev.SessionStreamingException };
      }
    }
    return opts.signal.aborted ? { reason: 'aborted', message: 'stopped' } : { reason: 'ended', message: 'Live Tail stream ended' };
  } catch (err) {
    if (opts.signal.aborted) return { reason: 'aborted', message: 'stopped' };
    if ((err as Error | undefined)?.name === 'SessionTimeoutException') return { reason: 'timeout', message: (err as Error).message || 'Live Tail session timed out' };
    return { reason: 'error', message: messageOf(err), error: err };
  }
}
