// A CloudWatch Logs event -> a runtime LogLine. On EKS the container logs arrive through the
// amazon-cloudwatch-observability add-on (Fluent Bit), each event a JSON envelope:
//   {"time": "...", "stream": "stderr", "log": "<the container's line>",
//    "kubernetes": {"pod_name": "...", "namespace_name": "ltop", "container_name": "locust", ...}}
// in streams named "<node>-application.var.log.containers.<pod>_<namespace>_<container>-<id>.log".
// Pure.

import { type LogLine, parseLogLine } from '../../logs/line.js';

export interface CloudWatchEvent {
  readonly logStreamName?: string | undefined;
  readonly timestamp?: number | undefined;
  readonly message?: string | undefined;
  readonly eventId?: string | undefined;
}

interface Envelope {
  readonly log: string;
  readonly time?: string;
  readonly kubernetes?: { readonly pod_name?: string; readonly namespace_name?: string; readonly container_name?: string };
}

const CONTAINER_STREAM = /containers\.([^_]+)_([^_]+)_(.+)-[0-9a-f]{64}\.log$/;

/** pod and namespace from a Container Insights stream name, when it is one */
export function podOfStream(stream: string | undefined): { pod: string; namespace: string } | undefined {
  const m = stream ? CONTAINER_STREAM.exec(stream) : null;
  return m ? { pod: m[1]!, namespace: m[2]! } : undefined;
}

function envelopeOf(message: string): Envelope | undefined {
  if (!message.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(message) as unknown;
    return v && typeof v === 'object' && typeof (v as Envelope).log === 'string' ? (v as Envelope) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The event as a LogLine, or undefined when it belongs to another namespace than `namespace`
 * (moto, and a group shared with other workloads, do not filter for us).
 */
export function lineOfEvent(ev: CloudWatchEvent, namespace?: string): LogLine | undefined {
  const message = ev.message ?? '';
  const at = ev.timestamp ?? 0;
  const env = envelopeOf(message);
  const fromStream = podOfStream(ev.logStreamName);
  const ns = env?.kubernetes?.namespace_name ?? fromStream?.namespace;
  if (namespace && ns !== undefined && ns !== namespace) return undefined;
  const source = env?.kubernetes?.pod_name ?? fromStream?.pod ?? ev.logStreamName ?? '';
  if (!env) return parseLogLine(message, { source, at });
  const envAt = env.time ? Date.parse(env.time) : Number.NaN;
  return parseLogLine(env.log, { source, at: Number.isNaN(envAt) ? at : envAt });
}

/** the group Container Insights writes application logs to */
export const applicationLogGroup = (cluster: string): string => `/aws/containerinsights/${cluster}/application`;

/**
 * The JSON filter pattern that keeps one namespace's events. CloudWatch applies it server-side
 * (Live Tail and FilterLogEvents alike); stream-name prefixes cannot, since the node name comes first.
 */
export const namespacePattern = (namespace: string): string => `{ $.kubernetes.namespace_name = "${namespace}" }`;
