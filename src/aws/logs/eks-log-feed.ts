// The Logs panel on eks: the Container Insights application group through CloudWatch (Live Tail,
// polling FilterLogEvents when it is unavailable, and back), filtered to ltop's namespace. A
// cluster without the amazon-cloudwatch-observability add-on has no such group: then the pods'
// own logs through the Kubernetes API (`fallback`), with a line that says why.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EmitPlatformEvent } from '../../domain/platform-vocabulary.js';
import type { AwsContext } from '../context.js';
import { applicationLogGroup } from './event.js';
import { type CloudWatchLogFeedOptions, startCloudWatchLogFeed } from './feed.js';

export interface EksLogFeedOptions {
  readonly aws: Pick<AwsContext, 'clientConfig'>;
  readonly cluster: string;
  readonly namespace: string;
  /** the stack's own group name when its outputs say (log_group_names.application) */
  readonly logGroupName?: string;
  /** starts the pod log feed; returns its stop */
  readonly fallback?: () => () => void;
  /** tests: a client standing in for Live Tail */
  readonly client?: CloudWatchLogFeedOptions['client'];
  readonly liveTail?: boolean;
}

/** Starts following; the returned function stops it (and the fallback, if it took over). */
export function startEksLogFeed(o: EksLogFeedOptions, emit: EmitPlatformEvent): () => void {
  const owned = o.client ? undefined : new CloudWatchLogsClient(o.aws.clientConfig);
  let stopFallback: (() => void) | undefined;
  let stopped = false;
  const stopTail = startCloudWatchLogFeed(
    {
      client: o.client ?? owned!,
      logGroupName: o.logGroupName ?? applicationLogGroup(o.cluster),
      namespace: o.namespace,
      ...(o.liveTail !== undefined ? { liveTail: o.liveTail } : {}),
      onFailed: (message) => {
        if (stopped) return;
        const fallback = o.fallback;
        emit({ type: 'platform/log', source: 'ltop', level: 'WARNING', line: `${message}${fallback ? "; reading the pods' logs through the Kubernetes API instead" : ''}`, at: Date.now() });
        if (fallback) stopFallback = fallback();
      },
    },
    emit,
  );
  return () => {
    stopped = true;
    stopTail();
    stopFallback?.();
    owned?.destroy();
  };
}
