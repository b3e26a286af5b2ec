// A Kubernetes API server for tests: real HTTP, real API semantics for what ltop and kubectl use.
// See README.md in this folder for exactly what it follows and what it does not.

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { Controllers, type ControllerOptions } from './controllers.js';
import { type Json, type JsonObject, PatchError, clone, jsonPatch, mergePatch, strategicMergePatch } from './patch.js';
import { PortForwarder, type PortTarget } from './portforward.js';
import { serveLog } from './logs.js';
import { type ServiceTarget, parseServiceRef, proxyToService } from './service-proxy.js';
import {
  RESOURCES,
  type ResourceDef,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersionOf,
  apiVersions,
  findDef,
  openApiV3Doc,
  openApiV3Root,
  qualifiedResource,
} from './resources.js';
import { SelectorError, matchLabelsString, parseFieldSelector, parseLabelSelector } from './selectors.js';
import { ApplyConflict, Store, type StoreEvent } from './store.js';
import { toTable, wantsTable } from './table.js';

export interface ForbidRule {
  readonly verb: string;
  /** resource, or resource/subresource: "deployments", "deployments/scale", "pods/portforward" */
  readonly resource: string;
  readonly namespace?: string;
}

export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly contentType: string | undefined;
  readonly verb: string | undefined;
  readonly status: number;
}

export interface KubeApiServerOptions extends Partial<ControllerOptions> {
  /** when set, requests must carry "Authorization: Bearer <token>" */
  readonly token?: string;
  /** the user named in Forbidden messages */
  readonly user?: string;
  /** BOOKMARK interval for watches that allow bookmarks */
  readonly bookmarkIntervalMs?: number;
  /** where a pod's port really is (for pods/portforward) */
  readonly portTarget?: PortTarget;
}

const NS_DEF = RESOURCES.find((d) => d.kind === 'Namespace')!;
const POD_DEF = RESOURCES.find((d) => d.kind === 'Pod')!;
const DEPLOY_DEF = RESOURCES.find((d) => d.kind === 'Deployment')!;

const meta = (o: JsonObject): JsonObject => (o.metadata ??= {}) as JsonObject;
const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: JsonObject,
  ) {
    super(message);
  }
}

function statusBody(code: number, reason: string, message: string, details?: JsonObject): JsonObject {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

function notFound(def: ResourceDef, name: string): HttpError {
  return new HttpError(404, 'NotFound', `${qualifiedResource(def)} "${name}" not found`, { name, group: def.group, kind: def.resource });
}

interface Route {
  readonly def: ResourceDef;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly sub: string | undefined;
}

interface ActiveWatch {
  readonly res: ServerResponse;
  readonly stop: () => void;
}

export class KubeApiServer {
  readonly store = new Store();
  readonly controllers: Controllers;
  readonly portForwarder: PortForwarder;
  readonly requests: RequestRecord[] = [];
  private readonly forbidden: ForbidRule[] = [];
  private readonly watches = new Set<ActiveWatch>();
  private readonly server: http.Server;
  private readonly user: string;
  private readonly bookmarkIntervalMs: number;
  private baseUrl = '';

  constructor(private readonly opts: KubeApiServerOptions = {}) {
    this.user = opts.user ?? 'ltop-test';
    this.bookmarkIntervalMs = opts.bookmarkIntervalMs ?? 60_000;
    this.controllers = new Controllers(this.store, {
      scheduleDelayMs: opts.scheduleDelayMs ?? 30,
      startDelayMs: opts.startDelayMs ?? 60,
      nodes: opts.nodes ?? ['node-a', 'node-b'],
    });
    this.portForwarder = new PortForwarder(opts.portTarget ?? (() => undefined));
    this.server = http.createServer((req, res) => {
      void this.handle(req, res);
    });
    this.server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head as Buffer));
    this.server.keepAliveTimeout = 1000;
  }

  get url(): string {
    return this.baseUrl;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.controllers.start();
    return this;
  }

  async close(): Promise<void> {
    this.controllers.stop();
    this.dropWatches();
    this.portForwarder.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Write a kubeconfig that points kubectl or client-node at this server. */
  writeKubeconfig(path: string, opts: { context?: string; namespace?: string; token?: string } = {}): string {
    const context = opts.context ?? 'test-cluster';
    const token = opts.token ?? this.opts.token;
    const yaml = [
      'apiVersion: v1',
      'kind: Config',
      `current-context: ${context}`,
      'clusters:',
      `- name: ${context}`,
      '  cluster:',
      `    server: ${this.baseUrl}`,
      // client-node refuses a plain-http server unless TLS checks are explicitly off
      '    insecure-skip-tls-verify: true',
      'contexts:',
      `- name: ${context}`,
      '  context:',
      `    cluster: ${context}`,
      `    user: ${context}-user`,
      ...(opts.namespace ? [`    namespace: ${opts.namespace}`] : []),
      'users:',
      `- name: ${context}-user`,
      token ? `  user:\n    token: ${token}` : '  user: {}',
      '',
    ].join('\n');
    writeFileSync(path, yaml);
    return path;
  }

  forbid(rule: ForbidRule): void {
    this.forbidden.push(rule);
  }

  allowAll(): void {
    this.forbidden.length = 0;
  }

  /** Close every open watch from the server side (as an API server restart or a proxy idle timeout does). */
  dropWatches(abrupt = false): number {
    const n = this.watches.size;
    for (const w of [...this.watches]) {
      w.stop();
      if (abrupt) w.res.destroy();
      else w.res.end();
    }
    return n;
  }

  get activeWatches(): number {
    return this.watches.size;
  }

  /** Forget the watch history (etcd compaction): watches from older resourceVersions get 410 Gone. */
  compact(): void {
    this.store.compact();
  }

  /** Which local port answers services/NAME:PORT/proxy/... (none: 503). */
  serviceTarget: ServiceTarget = () => undefined;

  setPortTarget(target: PortTarget): void {
    this.portForwarder.target = target;
  }

  // ---- request handling ----

  private isForbidden(verb: string, resource: string, namespace: string | undefined): boolean {
    return this.forbidden.some((r) => r.verb === verb && r.resource === resource && (r.namespace === undefined || r.namespace === namespace));
  }

  private forbiddenError(def: ResourceDef, verb: string, authResource: string, namespace: string | undefined, name: string | undefined): HttpError {
    const what = name ? `${qualifiedResource(def)} "${name}"` : qualifiedResource(def);
    const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
    return new HttpError(
      403,
      'Forbidden',
      `${what} is forbidden: User "${this.user}" cannot ${verb} resource "${authResource}" in API group "${def.group}" ${scope}`,
      { ...(name ? { name } : {}), group: def.group, kind: def.resource },
    );
  }

  private authenticate(req: IncomingMessage): boolean {
    if (!this.opts.token) return true;
    return req.headers.authorization === `Bearer ${this.opts.token}`;
  }

  private route(pathname: string): Route | 'discovery' | undefined {
    const parts = pathname.split('/').filter((p) => p !== '');
    let group: string;
    let version: string;
    let rest: string[];
    if (parts[0] === 'api' && parts.length >= 2) {
      group = '';
      version = parts[1]!;
      rest = parts.slice(2);
    } else if (parts[0] === 'apis' && parts.length >= 3) {
      group = parts[1]!;
      version = parts[2]!;
      rest = parts.slice(3);
    } else return undefined;
    if (rest.length === 0) return 'discovery';
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const def = findDef(group, version, rest[0]!);
    if (!def) return undefined;
    if (!def.namespaced && namespace !== undefined) return undefined;
    return { def, namespace, name: rest[1], sub: rest[2] };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(url.searchParams);
    let verb: string | undefined;
    const record = (status: number): void => {
      this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query, contentType: req.headers['content-type'], verb, status });
    };
    try {
      if (!this.authenticate(req)) throw new HttpError(401, 'Unauthorized', 'Unauthorized');
      const body = await readBody(req);
      const p = url.pathname.replace(/\/+$/, '') || '/';
      const discovery = this.discovery(p);
      if (discovery !== undefined) {
        record(discovery === null ? 404 : 200);
        if (discovery === null) return sendJson(res, 404, statusBody(404, 'NotFound', 'the server could not find the requested resource', {}));
        return sendJson(res, 200, discovery);
      }
      const route = this.route(p);
      if (route === undefined || route === 'discovery') throw new HttpError(404, 'NotFound', 'the server could not find the requested resource', {});
      const method = req.method ?? 'GET';
      const watching = query.watch === 'true' || query.watch === '1';
      verb =
        method === 'GET' ? (route.name === undefined ? (watching ? 'watch' : 'list') : 'get')
        : method === 'POST' ? 'create'
        : method === 'PUT' ? 'update'
        : method === 'PATCH' ? 'patch'
        : method === 'DELETE' ? (route.name === undefined ? 'deletecollection' : 'delete')
        : undefined;
      if (!verb) throw new HttpError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
      const authResource = route.sub ? `${route.def.resource}/${route.sub}` : route.def.resource;
      if (this.isForbidden(verb, authResource, route.namespace)) throw this.forbiddenError(route.def, verb, authResource, route.namespace, route.name);
      if (route.sub === 'log' && route.def === POD_DEF && route.namespace && route.name) return void record(serveLog(this, route.namespace, route.name, query, req, res));
      if (route.sub === 'proxy' && route.def.resource === 'services' && route.namespace && route.name) {
        const ref = parseServiceRef(route.name);
        const port = this.serviceTarget(route.namespace, ref.name, ref.port);
        if (port === undefined) throw new HttpError(503, 'ServiceUnavailable', `no endpoints available for service "${ref.name}"`);
        record(200);
        const rest = p.split('/').slice(p.split('/').indexOf('proxy') + 1).join('/');
        return proxyToService(req, res, body, port, rest, url.search);
      }
      if (route.sub !== undefined && route.sub !== 'scale' && route.sub !== 'status') throw new HttpError(404, 'NotFound', 'the server could not find the requested resource', {});
      if (route.sub === 'scale' && !route.def.subresources?.includes('scale')) throw new HttpError(404, 'NotFound', 'the server could not find the requested resource', {});
      const accept = req.headers.accept;
      if (verb === 'watch') {
        record(200);
        return this.watch(route, query, accept, res);
      }
      const [status, out] = this.dispatch(route, verb, query, body, req.headers['content-type'] ?? '', accept, req.headers['user-agent'] ?? '');
      record(status);
      sendJson(res, status, out);
    } catch (err) {
      const e =
        err instanceof HttpError ? err
        : err instanceof SelectorError ? new HttpError(400, 'BadRequest', err.message)
        : err instanceof PatchError ? new HttpError(422, 'Invalid', err.message)
        : new HttpError(500, 'InternalError', `Internal error occurred: ${(err as Error).message}`);
      record(e.code);
      if (!res.headersSent) sendJson(res, e.code, statusBody(e.code, e.reason, e.message, e.details));
      else res.end();
    }
  }

  /** Discovery documents; null for known-but-absent documents (404), undefined when not discovery. */
  private discovery(p: string): JsonObject | null | undefined {
    if (p === '/version') {
      return { major: '1', minor: '31', gitVersion: 'v1.31.0-ltop-test', gitCommit: '0', gitTreeState: 'clean', buildDate: '2024-08-13T00:00:00Z', goVersion: 'go1.22.5', compiler: 'gc', platform: 'linux/amd64' };
    }
    if (p === '/api') return apiVersions() as JsonObject;
    if (p === '/apis') return apiGroupList() as JsonObject;
    if (p === '/openapi/v3') return openApiV3Root() as JsonObject;
    if (p.startsWith('/openapi/v3/')) return (openApiV3Doc(p.slice('/openapi/v3/'.length)) as JsonObject | undefined) ?? null;
    if (p.startsWith('/openapi/') || p === '/swagger.json') return null;
    let m = /^\/api\/([^/]+)$/.exec(p);
    if (m) return (apiResourceList('', m[1]!) as JsonObject | undefined) ?? null;
    m = /^\/apis\/([^/]+)$/.exec(p);
    if (m) return (apiGroup(m[1]!) as JsonObject | undefined) ?? null;
    m = /^\/apis\/([^/]+)\/([^/]+)$/.exec(p);
    if (m) return (apiResourceList(m[1]!, m[2]!) as JsonObject | undefined) ?? null;
    return undefined;
  }

  /** Creating in a namespace needs it to exist and not be terminating (NamespaceLifecycle admission). */
  private requireNamespace(ns: string | undefined, def?: ResourceDef, name?: string): void {
    if (ns === undefined) return;
    const n = this.store.get(NS_DEF, '', ns);
    if (!n) throw new HttpError(404, 'NotFound', `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' });
    if (def && (n.status as JsonObject | undefined)?.phase === 'Terminating') {
      throw new HttpError(
        403,
        'Forbidden',
        `${qualifiedResource(def)} "${name ?? ''}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
        { name: name ?? '', group: def.group, kind: def.resource, causes: [{ reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' }] },
      );
    }
  }

  private dispatch(route: Route, verb: string, query: Record<string, string>, body: string, contentType: string, accept: string | undefined, userAgent: string): [number, Json] {
    const { def, namespace, name } = route;
    const ns = def.namespaced ? (namespace ?? '') : '';
    const manager = query.fieldManager ?? (userAgent.split('/')[0] || 'unknown');
    const dryRun = query.dryRun === 'All';
    if (route.sub === 'scale') return this.scale(route, verb, query, body, contentType, manager);
    switch (verb) {
      case 'list': {
        const labels = parseLabelSelector(query.labelSelector ?? null);
        const fields = parseFieldSelector(query.fieldSelector ?? null);
        const items = this.store.list(def, def.namespaced ? namespace : undefined).filter((o) => labels(meta(o).labels as Record<string, string> | undefined) && fields(o));
        const rv = this.store.resourceVersion;
        if (wantsTable(accept)) return [200, toTable(def, items, rv, query.includeObject ?? null)];
        return [200, { kind: `${def.kind}List`, apiVersion: apiVersionOf(def), metadata: { resourceVersion: rv }, items }];
      }
      case 'get': {
        const o = this.store.get(def, ns, name!);
        if (!o) throw notFound(def, name!);
        if (route.sub === 'status' || !wantsTable(accept)) return [200, o];
        return [200, toTable(def, [o], this.store.resourceVersion, query.includeObject ?? null)];
      }
      case 'create': {
        if (name !== undefined) throw new HttpError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
        const obj = parseObject(body, contentType);
        const m = meta(obj);
        if (!m.name && m.generateName) m.name = `${String(m.generateName)}${Math.random().toString(36).slice(2, 7)}`;
        if (!m.name) throw new HttpError(422, 'Invalid', `${def.kind} "" is invalid: metadata.name: Required value: name or generateName is required`);
        if (def.namespaced) {
          if (m.namespace !== undefined && m.namespace !== namespace) {
            throw new HttpError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
          }
          m.namespace = namespace ?? 'default';
          this.requireNamespace(String(m.namespace), def, String(m.name));
        } else delete m.namespace;
        if (this.store.get(def, ns, String(m.name))) {
          throw new HttpError(409, 'AlreadyExists', `${qualifiedResource(def)} "${String(m.name)}" already exists`, { name: String(m.name), group: def.group, kind: def.resource });
        }
        defaults(def, obj);
        if (dryRun) return [201, obj];
        return [201, this.store.create(def, obj, { manager })];
      }
      case 'update': {
        const obj = parseObject(body, contentType);
        const live = this.store.get(def, ns, name!);
        if (!live) throw notFound(def, name!);
        const m = meta(obj);
        if (m.resourceVersion !== undefined && m.resourceVersion !== '' && m.resourceVersion !== meta(live).resourceVersion) throw this.conflict(def, name!);
        if (def.namespaced) m.namespace = ns;
        m.name = name!;
        if (route.sub === 'status') {
          live.status = obj.status ?? {};
          return [200, dryRun ? live : this.store.update(def, live, { manager, subresource: 'status' })];
        }
        if (!('status' in obj) && live.status) obj.status = live.status;
        return [200, dryRun ? obj : this.store.update(def, obj, { manager })];
      }
      case 'patch':
        return this.patch(route, query, body, contentType, manager, dryRun);
      case 'delete':
        return this.delete(route, query, body);
      default:
        throw new HttpError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    }
  }

  private conflict(def: ResourceDef, name: string): HttpError {
    return new HttpError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(def)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, group: def.group, kind: def.resource },
    );
  }

  private patch(route: Route, query: Record<string, string>, body: string, contentType: string, manager: string, dryRun: boolean): [number, Json] {
    const { def, namespace, name } = route;
    const ns = def.namespaced ? (namespace ?? '') : '';
    const type = contentType.split(';')[0]!.trim();
    if (type === 'application/apply-patch+yaml') {
      if (!query.fieldManager) throw new HttpError(400, 'BadRequest', 'PATCH, with application/apply-patch+yaml content type, requires fieldManager to be set');
      if (route.sub) throw new HttpError(400, 'BadRequest', `apply is not supported on the ${route.sub} subresource of this server`);
      const applied = parseObject(body, type);
      if (applied.apiVersion !== apiVersionOf(def) || applied.kind !== def.kind) {
        throw new HttpError(400, 'BadRequest', `the API version in the data (${String(applied.apiVersion)}) does not match the expected API version (${apiVersionOf(def)}) or kind (${String(applied.kind)} vs ${def.kind})`);
      }
      if (meta(applied).name !== undefined && meta(applied).name !== name) {
        throw new HttpError(400, 'BadRequest', 'the name of the object (' + String(meta(applied).name) + ') does not match the name on the URL (' + name! + ')');
      }
      meta(applied).name = name!;
      this.requireNamespace(def.namespaced ? ns : undefined, this.store.get(def, ns, name!) ? undefined : def, name);
      const force = query.force === 'true';
      if (dryRun) return [200, applied];
      try {
        const { object, created } = this.store.apply(def, ns, name!, applied, query.fieldManager, force, (o) => defaults(def, o));
        return [created ? 201 : 200, object];
      } catch (err) {
        if (err instanceof ApplyConflict) {
          throw new HttpError(409, 'Conflict', err.message, {
            name: name!,
            group: def.group,
            kind: def.resource,
            causes: err.conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with "${c.manager}"${c.subresource ? ` with subresource "${c.subresource}"` : ''} using ${c.apiVersion}`, field: c.path })),
          });
        }
        throw err;
      }
    }
    if (query.force !== undefined) throw new HttpError(400, 'BadRequest', 'force may not be set for non-apply patch types');
    const live = this.store.get(def, ns, name!);
    if (!live) throw notFound(def, name!);
    const patch = parseJson(body);
    let next: Json;
    if (type === 'application/merge-patch+json') next = mergePatch(live, patch);
    else if (type === 'application/strategic-merge-patch+json') next = strategicMergePatch(live, patch);
    else if (type === 'application/json-patch+json') next = jsonPatch(live, patch);
    else throw new HttpError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
    if (!isObject(next)) throw new HttpError(422, 'Invalid', 'patch did not produce an object');
    const m = meta(next);
    const wantRv = m.resourceVersion;
    if (wantRv !== undefined && wantRv !== meta(live).resourceVersion) throw this.conflict(def, name!);
    m.name = name!;
    if (def.namespaced) m.namespace = ns;
    if (dryRun) return [200, next];
    return [200, this.store.update(def, next, { manager, ...(route.sub ? { subresource: route.sub } : {}) })];
  }

  private scaleOf(d: JsonObject): JsonObject {
    const m = meta(d);
    const st = (d.status ?? {}) as JsonObject;
    const sel = ((d.spec as JsonObject | undefined)?.selector as JsonObject | undefined)?.matchLabels as Record<string, string> | undefined;
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: m.name ?? '', namespace: m.namespace ?? '', uid: m.uid ?? '', resourceVersion: m.resourceVersion ?? '', creationTimestamp: m.creationTimestamp ?? '' },
      spec: { replicas: Number((d.spec as JsonObject | undefined)?.replicas ?? 1) },
      status: { replicas: Number(st.replicas ?? 0), selector: matchLabelsString(sel) },
    };
  }

  private scale(route: Route, verb: string, query: Record<string, string>, body: string, contentType: string, manager: string): [number, Json] {
    const { def, namespace, name } = route;
    const ns = namespace ?? '';
    const live = this.store.get(def, ns, name!);
    if (!live) throw notFound(def, name!);
    if (verb === 'get') return [200, this.scaleOf(live)];
    const current = this.scaleOf(live);
    let next: Json;
    if (verb === 'update') next = parseObject(body, contentType);
    else if (verb === 'patch') {
      const type = contentType.split(';')[0]!.trim();
      const patch = parseJson(body);
      if (type === 'application/merge-patch+json') next = mergePatch(current, patch);
      else if (type === 'application/strategic-merge-patch+json') next = strategicMergePatch(current, patch);
      else if (type === 'application/json-patch+json') next = jsonPatch(current, patch);
      else throw new HttpError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format for the scale subresource: ${type}`);
    } else throw new HttpError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    if (!isObject(next)) throw new HttpError(422, 'Invalid', 'scale must be an object');
    const rv = meta(next).resourceVersion;
    if (verb === 'update' && rv !== undefined && rv !== '' && rv !== meta(live).resourceVersion) throw this.conflict(def, name!);
    const replicas = Number((next.spec as JsonObject | undefined)?.replicas);
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw new HttpError(422, 'Invalid', `Scale.autoscaling "${name!}" is invalid: spec.replicas: Invalid value: ${String(replicas)}: must be greater than or equal to 0`);
    }
    if (query.dryRun === 'All') return [200, { ...current, spec: { replicas } }];
    (live.spec as JsonObject).replicas = replicas;
    const updated = this.store.update(def, live, { manager, subresource: 'scale' });
    return [200, this.scaleOf(updated)];
  }

  private delete(route: Route, query: Record<string, string>, body: string): [number, Json] {
    const { def, namespace, name } = route;
    const ns = def.namespaced ? (namespace ?? '') : '';
    const live = this.store.get(def, ns, name!);
    if (!live) throw notFound(def, name!);
    let policy = query.propagationPolicy;
    if (!policy && body.trim() !== '') {
      const opts = parseJson(body);
      if (isObject(opts) && typeof opts.propagationPolicy === 'string') policy = opts.propagationPolicy;
    }
    if (query.dryRun === 'All') return [200, live];
    if (def === NS_DEF) {
      if (meta(live).deletionTimestamp) return [200, live];
      meta(live).deletionTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      live.status = { phase: 'Terminating' };
      const terminating = this.store.update(def, live, undefined);
      // the namespace controller: delete everything in it, then the namespace itself
      setTimeout(() => {
        for (const d of RESOURCES) if (d.namespaced) for (const o of this.store.list(d, name)) this.store.remove(d, name!, String(meta(o).name));
        this.store.remove(NS_DEF, '', name!);
      }, 50).unref();
      return [200, terminating];
    }
    const uid = meta(live).uid;
    const dependents = (): JsonObject[] =>
      this.store.list(POD_DEF, ns).filter((p) => ((meta(p).ownerReferences ?? []) as JsonObject[]).some((r) => r.uid === uid));
    if (def === DEPLOY_DEF) {
      if (policy === 'Orphan') {
        for (const p of dependents()) {
          meta(p).ownerReferences = null;
          delete meta(p).ownerReferences;
          this.store.update(POD_DEF, p, { manager: 'garbage-collector' });
        }
      } else if (policy === 'Foreground') {
        for (const p of dependents()) this.store.remove(POD_DEF, ns, String(meta(p).name));
      }
    }
    const removed = this.store.remove(def, ns, name!);
    if (def === DEPLOY_DEF && policy !== 'Orphan' && policy !== 'Foreground') {
      // background propagation: the garbage collector removes dependents after the owner is gone
      setTimeout(() => {
        for (const p of dependents()) this.store.remove(POD_DEF, ns, String(meta(p).name));
      }, 20).unref();
    }
    return [200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: name!, group: def.group, kind: def.resource, uid: meta(removed!).uid ?? '' } }];
  }

  private watch(route: Route, query: Record<string, string>, accept: string | undefined, res: ServerResponse): void {
    const { def, namespace } = route;
    const labels = parseLabelSelector(query.labelSelector ?? null);
    const fields = parseFieldSelector(query.fieldSelector ?? null);
    const table = wantsTable(accept);
    const matches = (e: { def: ResourceDef; namespace: string; object: JsonObject }): boolean =>
      e.def === def && (namespace === undefined || e.namespace === namespace) && labels(meta(e.object).labels as Record<string, string> | undefined) && fields(e.object);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders(); // a real server answers a watch at once, even before the first event
    let firstTable = true;
    const write = (type: string, object: JsonObject): void => {
      const obj = table && type !== 'ERROR' && type !== 'BOOKMARK' ? toTable(def, [object], String(meta(object).resourceVersion ?? ''), query.includeObject ?? null, firstTable) : object;
      firstTable = false;
      res.write(JSON.stringify({ type, object: obj }) + '\n');
    };
    const rvParam = query.resourceVersion;
    if (rvParam && rvParam !== '0' && Number(rvParam) < this.store.oldestWatchableRv) {
      write('ERROR', statusBody(410, 'Expired', `too old resource version: ${rvParam} (${this.store.oldestWatchableRv})`));
      res.end();
      return;
    }
    if (!rvParam || rvParam === '0') {
      for (const o of this.store.list(def, def.namespaced ? namespace : undefined)) {
        const e = { def, namespace: String(meta(o).namespace ?? ''), object: o };
        if (matches(e)) write('ADDED', o);
      }
    } else {
      for (const e of this.store.eventsSince(Number(rvParam))) if (matches(e)) write(e.type, e.object);
    }
    const unsubscribe = this.store.subscribe((e: StoreEvent) => {
      if (matches(e)) write(e.type, e.object);
    });
    const timers: NodeJS.Timeout[] = [];
    if (query.allowWatchBookmarks === 'true') {
      timers.push(
        setInterval(() => write('BOOKMARK', { kind: def.kind, apiVersion: apiVersionOf(def), metadata: { resourceVersion: this.store.resourceVersion } }), this.bookmarkIntervalMs),
      );
    }
    const entry: ActiveWatch = {
      res,
      stop: () => {
        unsubscribe();
        for (const t of timers) clearTimeout(t);
        this.watches.delete(entry);
      },
    };
    if (query.timeoutSeconds) {
      timers.push(
        setTimeout(() => {
          entry.stop();
          res.end();
        }, Number(query.timeoutSeconds) * 1000),
      );
    }
    this.watches.add(entry);
    res.on('close', entry.stop);
  }

  private upgrade(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward$/.exec(url.pathname);
    const reject = (code: number, body: JsonObject): void => {
      const text = JSON.stringify(body);
      socket.end(`HTTP/1.1 ${code} ${http.STATUS_CODES[code]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    };
    const record = (status: number): void => {
      this.requests.push({ method: 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), contentType: undefined, verb: 'create', status });
    };
    if (!m) {
      record(404);
      return reject(404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
    }
    if (!this.authenticate(req)) {
      record(401);
      return reject(401, statusBody(401, 'Unauthorized', 'Unauthorized'));
    }
    const [, ns, podName] = m as unknown as [string, string, string];
    if (this.isForbidden('create', 'pods/portforward', ns)) {
      record(403);
      return reject(403, statusBody(403, 'Forbidden', this.forbiddenError(POD_DEF, 'create', 'pods/portforward', ns, podName).message, { name: podName, kind: 'pods' }));
    }
    const pod = this.store.get(POD_DEF, ns, podName);
    if (!pod) {
      record(404);
      return reject(404, statusBody(404, 'NotFound', `pods "${podName}" not found`, { name: podName, kind: 'pods' }));
    }
    if ((pod.status as JsonObject | undefined)?.phase !== 'Running') {
      record(400);
      return reject(400, statusBody(400, 'BadRequest', `pod ${podName} is not running`));
    }
    const ports = url.searchParams.getAll('ports').flatMap((p) => p.split(',')).map(Number);
    if (ports.length === 0 || ports.some((p) => !Number.isInteger(p) || p <= 0)) {
      record(400);
      return reject(400, statusBody(400, 'BadRequest', 'invalid port in ports query parameter'));
    }
    record(101);
    this.portForwarder.handle(req, socket, head, ns, podName, ports);
  }
}

function defaults(def: ResourceDef, obj: JsonObject): void {
  const spec = (obj.spec ??= {}) as JsonObject;
  if (def.kind === 'Deployment') {
    spec.replicas ??= 1;
    spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
  } else if (def.kind === 'Service') {
    spec.type ??= 'ClusterIP';
    spec.clusterIP ??= `10.96.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  } else if (def.kind === 'Namespace') {
    obj.status = { phase: 'Active' };
    if (Object.keys(spec).length === 0) spec.finalizers = ['kubernetes'];
  } else if (Object.keys(spec).length === 0 && !['Pod'].includes(def.kind)) {
    delete obj.spec;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(body: string): Json {
  try {
    return JSON.parse(body) as Json;
  } catch (err) {
    throw new HttpError(400, 'BadRequest', `error decoding patch: ${(err as Error).message}`);
  }
}

function parseObject(body: string, contentType: string): JsonObject {
  let v: unknown;
  try {
    v = contentType.includes('yaml') ? parseYaml(body) : JSON.parse(body);
  } catch (err) {
    throw new HttpError(400, 'BadRequest', `the body of the request could not be decoded: ${(err as Error).message}`);
  }
  if (!isObject(v)) throw new HttpError(400, 'BadRequest', 'the body of the request must be an object');
  return clone(v);
}

function sendJson(res: ServerResponse, status: number, body: Json): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startKubeApiServer(opts: KubeApiServerOptions = {}): Promise<KubeApiServer> {
  return new KubeApiServer(opts).listen();
}
