// A small REST client over @kubernetes/client-node: the user's kubeconfig (context, user, TLS,
// exec plugins) authenticates every request; answers are plain JSON; failures are KubeApiError
// with the server's Status (code, reason, message).

import { type KubeConfig, RequestContext, HttpMethod, ServerConfiguration, createConfiguration } from '@kubernetes/client-node';

export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind?: string; name?: string; uid?: string }>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
};

export interface KubeList<T = KubeObject> {
  readonly metadata?: { resourceVersion?: string };
  readonly items: T[];
}

export class KubeApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly verb: string,
    readonly path: string,
    readonly status?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

export const PATCH = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const VERBS: Record<Method, string> = { GET: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

export interface RequestOptions {
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

export class KubeRest {
  private readonly config;

  constructor(readonly kc: KubeConfig) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    this.server = cluster.server.replace(/\/+$/, '');
    this.config = createConfiguration({ baseServer: new ServerConfiguration(this.server, {}), authMethods: { default: kc } });
  }

  readonly server: string;

  async request<T = KubeObject>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const ctx = new RequestContext(url.toString(), HttpMethod[method]);
    ctx.setHeaderParam('Accept', 'application/json');
    if (opts.body !== undefined) {
      ctx.setHeaderParam('Content-Type', opts.contentType ?? 'application/json');
      ctx.setBody(JSON.stringify(opts.body));
    }
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? 30_000);
    ctx.setSignal(opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout);
    await this.kc.applySecurityAuthentication(ctx);
    const verb = method === 'GET' && isCollection(path) ? 'list' : VERBS[method];
    const res = await this.config.httpApi.send(ctx).toPromise();
    const text = await res.body.text();
    let json: unknown;
    try {
      json = text === '' ? {} : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (res.httpStatusCode >= 200 && res.httpStatusCode < 300) return json as T;
    const status = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
    throw new KubeApiError(
      res.httpStatusCode,
      typeof status.reason === 'string' ? status.reason : String(res.httpStatusCode),
      typeof status.message === 'string' ? status.message : `HTTP ${res.httpStatusCode}: ${text.slice(0, 200)}`,
      verb,
      path,
      status,
    );
  }

  get<T = KubeObject>(path: string, opts?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, opts);
  }

  /** GET that answers undefined on 404. */
  async find<T = KubeObject>(path: string, opts?: RequestOptions): Promise<T | undefined> {
    try {
      return await this.get<T>(path, opts);
    } catch (err) {
      if (err instanceof KubeApiError && err.code === 404) return undefined;
      throw err;
    }
  }

  patch<T = KubeObject>(path: string, body: unknown, contentType: string, query?: RequestOptions['query']): Promise<T> {
    return this.request<T>('PATCH', path, { body, contentType, ...(query ? { query } : {}) });
  }
}

/** /api/v1/namespaces/x/pods is a collection, /api/v1/namespaces/x/pods/y is not. */
function isCollection(path: string): boolean {
  const parts = path.split('?')[0]!.split('/').filter(Boolean);
  const rest = parts[0] === 'api' ? parts.slice(2) : parts.slice(3);
  const afterNs = rest[0] === 'namespaces' && rest.length >= 3 ? rest.slice(2) : rest;
  return afterNs.length === 1;
}

export const paths = {
  namespace: (ns: string) => `/api/v1/namespaces/${ns}`,
  pods: (ns: string) => `/api/v1/namespaces/${ns}/pods`,
  events: (ns: string) => `/api/v1/namespaces/${ns}/events`,
  configMap: (ns: string, name: string) => `/api/v1/namespaces/${ns}/configmaps/${name}`,
  deployments: (ns: string) => `/apis/apps/v1/namespaces/${ns}/deployments`,
  deployment: (ns: string, name: string) => `/apis/apps/v1/namespaces/${ns}/deployments/${name}`,
  scale: (ns: string, name: string) => `/apis/apps/v1/namespaces/${ns}/deployments/${name}/scale`,
  hpas: (ns: string) => `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`,
  hpa: (ns: string, name: string) => `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers/${name}`,
};
