// pods/log for the test API server: what `kubectl logs [-f] [--since] [--tail] [--timestamps]`
// and client-node's Log read. Tests write a container's output with
// `podLogs(server).write(ns, pod, line)`; the subresource serves it like the kubelet does:
// text/plain, one line per write, `timestamps=true` prefixes RFC 3339 nano times, `sinceSeconds`
// / `sinceTime` / `tailLines` / `limitBytes` cut it, `follow=true` keeps the response open (headers
// at once, chunked) and ends it when the pod is deleted. Errors are the real Status messages:
// 404 for a missing pod, 400 for a container that is not there, not named in a pod of several,
// or not started yet.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonObject } from './patch.js';
import { RESOURCES } from './resources.js';
import type { KubeApiServer } from './server.js';

const POD = RESOURCES.find((d) => d.kind === 'Pod')!;

interface Entry {
  readonly at: number;
  readonly line: string;
}

type Listener = (e: Entry) => void;

export class PodLogBook {
  private readonly entries = new Map<string, Entry[]>();
  private readonly listeners = new Map<string, Set<Listener>>();

  private key(ns: string, pod: string, container: string): string {
    return `${ns}/${pod}/${container}`;
  }

  /** What the container printed (one line; a trailing newline is added). */
  write(ns: string, pod: string, line: string, opts: { container?: string; at?: number } = {}): void {
    const key = this.key(ns, pod, opts.container ?? 'locust');
    const entry = { at: opts.at ?? Date.now(), line: line.replace(/\n$/, '') };
    const list = this.entries.get(key) ?? [];
    list.push(entry);
    this.entries.set(key, list);
    for (const l of this.listeners.get(key) ?? []) l(entry);
  }

  read(ns: string, pod: string, container: string): readonly Entry[] {
    return this.entries.get(this.key(ns, pod, container)) ?? [];
  }

  follow(ns: string, pod: string, container: string, fn: Listener): () => void {
    const key = this.key(ns, pod, container);
    const set = this.listeners.get(key) ?? new Set();
    set.add(fn);
    this.listeners.set(key, set);
    return () => set.delete(fn);
  }

  /** open follow streams, for tests that wait for a follower to attach */
  followers(ns: string, pod: string, container = 'locust'): number {
    return this.listeners.get(this.key(ns, pod, container))?.size ?? 0;
  }
}

const books = new WeakMap<KubeApiServer, PodLogBook>();

/** The logs of every container on this server. */
export function podLogs(server: KubeApiServer): PodLogBook {
  let book = books.get(server);
  if (!book) books.set(server, (book = new PodLogBook()));
  return book;
}

/** 2026-12-01T09:12:29.556000000Z, as the kubelet stamps lines */
const nanoTime = (at: number): string => new Date(at).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');

function status(code: number, reason: string, message: string): JsonObject {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function fail(res: ServerResponse, code: number, reason: string, message: string): number {
  const body = JSON.stringify(status(code, reason, message));
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
  return code;
}

/** Answers GET .../pods/{name}/log; returns the status code it sent (for the server's request log). */
export function serveLog(server: KubeApiServer, ns: string, name: string, query: Record<string, string>, req: IncomingMessage, res: ServerResponse): number {
  if ((req.method ?? 'GET') !== 'GET') return fail(res, 405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const pod = server.store.get(POD, ns, name);
  if (!pod) return fail(res, 404, 'NotFound', `pods "${name}" not found`);
  const containers = (((pod.spec as JsonObject | undefined)?.containers ?? []) as JsonObject[]).map((c) => String(c.name));
  let container = query.container;
  if (!container) {
    const annotated = ((pod.metadata as JsonObject).annotations as Record<string, string> | undefined)?.['kubectl.kubernetes.io/default-container'];
    if (containers.length === 1) container = containers[0];
    else if (annotated && containers.includes(annotated)) container = annotated;
    else return fail(res, 400, 'BadRequest', `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`);
  }
  if (!containers.includes(container!)) return fail(res, 400, 'BadRequest', `container ${container!} is not valid for pod ${name}`);
  const statuses = (((pod.status as JsonObject | undefined)?.containerStatuses ?? []) as JsonObject[]);
  const started = statuses.some((s) => s.name === container && (s.state as JsonObject | undefined)?.running);
  if (!started) return fail(res, 400, 'BadRequest', `container "${container!}" in pod "${name}" is waiting to start: ContainerCreating`);
  if (query.previous === 'true') return fail(res, 400, 'BadRequest', `previous terminated container "${container!}" in pod "${name}" not found`);

  const book = podLogs(server);
  const stamp = query.timestamps === 'true';
  const text = (e: Entry): string => `${stamp ? `${nanoTime(e.at)} ` : ''}${e.line}\n`;
  const since = query.sinceSeconds ? Date.now() - Number(query.sinceSeconds) * 1000 : query.sinceTime ? Date.parse(query.sinceTime) : Number.NEGATIVE_INFINITY;
  let lines = book.read(ns, name, container!).filter((e) => e.at >= since);
  if (query.tailLines !== undefined) lines = Number(query.tailLines) === 0 ? [] : lines.slice(-Number(query.tailLines));
  let budget = query.limitBytes ? Number(query.limitBytes) : Number.POSITIVE_INFINITY;
  const send = (chunk: string): boolean => {
    const bytes = Buffer.from(chunk);
    if (bytes.length >= budget) {
      res.write(bytes.subarray(0, budget));
      budget = 0;
      return false;
    }
    budget -= bytes.length;
    res.write(bytes);
    return true;
  };
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  for (const e of lines) if (!send(text(e))) return (res.end(), 200);
  if (query.follow !== 'true') return (res.end(), 200);
  // follow: new lines as they are written, until the pod goes away or the client leaves
  const stop = (): void => {
    unfollow();
    unsubscribe();
    res.end();
  };
  const unfollow = book.follow(ns, name, container!, (e) => {
    if (!send(text(e))) stop();
  });
  const unsubscribe = server.store.subscribe((ev) => {
    if (ev.def === POD && ev.type === 'DELETED' && ev.namespace === ns && (ev.object.metadata as JsonObject).name === name) stop();
  });
  res.on('close', () => {
    unfollow();
    unsubscribe();
  });
  return 200;
}
