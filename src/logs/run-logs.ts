// `ltop logs`: the runtime's logs printed to a terminal like `aws logs tail` (time, source,
// level, message), for a bastion session without the cockpit. On eks from CloudWatch (the
// Container Insights application group, or --log-group), on kube from the pods themselves.
// Without --follow it prints what is there since --since and returns; with it, it runs until
// the signal aborts.

import type { CloudWatchLogsApi } from '../aws/logs/client.js';
import { createLogsClient, LogGroupNotFound } from '../aws/logs/client.js';
import { applicationLogGroup } from '../aws/logs/event.js';
import { type TailStatus, tailCloudWatch } from '../aws/logs/tail.js';
import type { KubeTarget } from '../platforms/kube/config.js';
import { formatLogLine, matchesFilter } from './format.js';
import type { LogLine } from './line.js';

export interface LogsCommandOptions {
  /** eks: CloudWatch Logs; kube: the pods' logs through the Kubernetes API */
  readonly platform: 'eks' | 'kube';
  /** how far back to start, in seconds (aws logs tail's default is 10 minutes) */
  readonly sinceSeconds?: number;
  readonly follow: boolean;
  /** --filter TEXT: lines containing it (message, source, level or logger), any case */
  readonly filter?: string;
  /** --log-group NAME: read this CloudWatch group (implies eks) instead of the cluster's */
  readonly logGroup?: string;
  /** eks: the cluster, whose Container Insights group is read */
  readonly cluster?: string;
  /** eks: the region (else the SDK's: AWS_REGION, the profile) */
  readonly region?: string;
  /** the Kubernetes namespace ltop runs in (default "ltop") */
  readonly namespace?: string;
  /** kube: --context, --kubeconfig */
  readonly kube?: KubeTarget;
  /** colour the levels (off under NO_COLOR and when stdout is not a terminal) */
  readonly color?: boolean;
  /** 'iso' times (default) or 'short' */
  readonly time?: 'iso' | 'short';
  /** ends a --follow; the CLI aborts it on SIGINT/SIGTERM/SIGHUP */
  readonly signal?: AbortSignal;
  /** eks without --cluster/--log-group: the stack whose outputs name the group and region (default terraform/) */
  readonly stackDir?: string;
  /** tests: a CloudWatch client (default: the SDK's, which honours AWS_ENDPOINT_URL) */
  readonly logsClient?: CloudWatchLogsApi;
  /** tests: back to Live Tail after polling this long */
  readonly backToLiveTailAfterMs?: number;
}

export interface LogsOutput {
  /** one printed log line (stdout) */
  line(text: string): void;
  /** what the tail itself says: mode changes, failures it retries (stderr) */
  notice(text: string): void;
}

export class LogsUsageError extends Error {}

/** The CloudWatch group `ltop logs` reads, or a usage error naming what is missing. */
export function logGroupFor(opts: Pick<LogsCommandOptions, 'logGroup' | 'cluster'>): string {
  if (opts.logGroup) return opts.logGroup;
  if (opts.cluster) return applicationLogGroup(opts.cluster);
  throw new LogsUsageError('ltop logs --platform eks needs --cluster NAME or --log-group NAME');
}

const statusLine = (s: TailStatus): string | undefined => {
  if (s.error) return `logs: ${s.error}`;
  if (s.mode === 'live-tail') return 'logs: following with CloudWatch Live Tail';
  if (s.mode === 'polling') return `logs: polling FilterLogEvents${s.reason ? ` (${s.reason})` : ''}`;
  return undefined;
};

/** Prints the logs; resolves with the exit code (0 done, 1 a failure, 2 a usage error). */
export async function runLogs(opts: LogsCommandOptions, out: LogsOutput): Promise<number> {
  const signal = opts.signal ?? new AbortController().signal;
  const since = Date.now() - (opts.sinceSeconds ?? 600) * 1000;
  const namespace = opts.namespace ?? 'ltop';
  const print = (l: LogLine): void => {
    if (matchesFilter(l, opts.filter)) out.line(formatLogLine(l, { color: opts.color ?? false, time: opts.time ?? 'iso' }));
  };
  try {
    if (opts.platform === 'eks' || opts.logGroup) {
      // neither named: the stack ltop deployed says which cluster, group and region
      if (!opts.logGroup && !opts.cluster) opts = { ...opts, ...(await fromStack(opts)) };
      const logGroupName = logGroupFor(opts);
      const client = opts.logsClient ?? createLogsClient(opts.region);
      await tailCloudWatch({
        client,
        logGroupName,
        // a group named by hand may hold anything: only the cluster's own is narrowed to ltop's namespace
        ...(opts.logGroup ? {} : { namespace }),
        since,
        follow: opts.follow,
        signal,
        onLine: print,
        onStatus: (s) => {
          const text = statusLine(s);
          if (text) out.notice(text);
        },
        ...(opts.backToLiveTailAfterMs ? { backToLiveTailAfterMs: opts.backToLiveTailAfterMs } : {}),
      });
      return 0;
    }
    const [{ connect }, { podLogs }] = await Promise.all([import('../platforms/kube/config.js'), import('./kube-pod-logs.js')]);
    const { kc, rest } = connect({ ...opts.kube, namespace });
    await podLogs({ kc, rest, namespace, sinceSeconds: opts.sinceSeconds ?? 600, follow: opts.follow, signal, onLine: print, onNotice: (n) => out.notice(`logs: ${n}`) });
    return 0;
  } catch (err) {
    if (signal.aborted) return 0;
    if (err instanceof LogsUsageError) {
      out.notice(`ltop: ${err.message}`);
      return 2;
    }
    const e = err as Error;
    if ((e.name === 'ResourceNotFoundException' || e instanceof LogGroupNotFound) && (opts.platform === 'eks' || opts.logGroup)) {
      const group = opts.logGroup ?? (opts.cluster ? applicationLogGroup(opts.cluster) : '');
      out.notice(`ltop logs: no log group ${group} in ${opts.region ?? process.env.AWS_REGION ?? "the profile's region"}: check the name (aws logs describe-log-groups --log-group-name-prefix ${group.split('/').slice(0, 3).join('/') || '/'}) or pass --region`);
      return 1;
    }
    out.notice(`ltop logs: ${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}`);
    return 1;
  }
}

/** The cluster, its application group and region from the stack's outputs; a usage error without a stack. */
async function fromStack(opts: LogsCommandOptions): Promise<Pick<LogsCommandOptions, 'cluster' | 'logGroup' | 'region'>> {
  const [{ EksStack }, { DEFAULT_STACK_DIR }] = await Promise.all([import('../platforms/eks/stack.js'), import('../platforms/eks/options.js')]);
  const dir = opts.stackDir ?? DEFAULT_STACK_DIR;
  const outputs = await new EksStack(dir, undefined).outputs().catch(() => undefined);
  if (!outputs) throw new LogsUsageError(`no EKS stack in ${dir} to read the log group from: pass --cluster NAME or --log-group NAME`);
  const group = outputs.logGroupNames?.['application'];
  return { cluster: outputs.clusterName, ...(group ? { logGroup: group } : {}), ...(opts.region ? {} : outputs.region ? { region: outputs.region } : {}) };
}
