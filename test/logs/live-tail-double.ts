// An SDK-level double of StartLiveTail (moto does not serve it): the real client answers every
// other command; StartLiveTailCommand gets a `responseStream` that follows the real union
// (sessionStart | sessionUpdate | SessionTimeoutException | SessionStreamingException), fed by
// the test, and ends when the caller's abortSignal fires, as the SDK's stream does.
import { type CloudWatchLogsClient, type LiveTailSessionLogEvent, SessionTimeoutException, StartLiveTailCommand, type StartLiveTailRequest, type StartLiveTailResponseStream } from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchLogsApi } from '../../src/aws/logs/client.js';

type Item = { event: StartLiveTailResponseStream } | { error: Error } | { end: true };

export class LiveTailSession {
  private readonly queue: Item[] = [];
  private wake: (() => void) | undefined;
  closed = false;
  constructor(readonly request: StartLiveTailRequest, private readonly signal: AbortSignal | undefined) {
    signal?.addEventListener('abort', () => this.push({ end: true }));
    this.push({ event: { sessionStart: { requestId: 'req-1', sessionId: `session-${Math.random().toString(36).slice(2, 8)}`, logGroupIdentifiers: request.logGroupIdentifiers, logEventFilterPattern: request.logEventFilterPattern } } });
  }
  private push(item: Item): void {
    this.queue.push(item);
    this.wake?.();
  }
  update(results: LiveTailSessionLogEvent[], sampled = false): void {
    this.push({ event: { sessionUpdate: { sessionMetadata: { sampled }, sessionResults: results } } });
  }
  /** the 3-hour end, thrown from the iterator as the SDK does with exception messages */
  timeout(): void {
    this.push({ error: new SessionTimeoutException({ message: 'Session timed out after 3 hours', $metadata: {} }) });
  }
  /** the same end as a union member, as the TypeScript type also allows */
  timeoutAsMember(): void {
    this.push({ event: { SessionTimeoutException: new SessionTimeoutException({ message: 'Session timed out after 3 hours', $metadata: {} }) } });
  }
  streamingError(message: string): void {
    this.push({ event: { SessionStreamingException: { name: 'SessionStreamingException', message, $fault: 'client', $metadata: {} } as never } });
  }
  async *stream(): AsyncGenerator<StartLiveTailResponseStream> {
    try {
      for (;;) {
        while (this.queue.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
        const item = this.queue.shift()!;
        if ('end' in item) {
          if (this.signal?.aborted) throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
          return;
        }
        if ('error' in item) throw item.error;
        yield item.event;
      }
    } finally {
      this.closed = true;
    }
  }
}

/** `beforeStart` runs when StartLiveTail is sent, before the session answers (e.g. to log something in the gap). */
export function withLiveTailDouble(real: CloudWatchLogsClient, beforeStart?: () => Promise<void>): { client: CloudWatchLogsApi; sessions: LiveTailSession[] } {
  const sessions: LiveTailSession[] = [];
  const client = {
    send(command: unknown, options?: { abortSignal?: AbortSignal }) {
      if (command instanceof StartLiveTailCommand) {
        return (beforeStart?.() ?? Promise.resolve()).then(() => {
          const session = new LiveTailSession(command.input, options?.abortSignal);
          sessions.push(session);
          return { $metadata: {}, responseStream: session.stream() };
        });
      }
      return (real.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, options);
    },
  } as CloudWatchLogsApi;
  return { client, sessions };
}
