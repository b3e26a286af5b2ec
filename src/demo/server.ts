// The bundled demo target: a small HTTP API on loopback that serves every endpoint the
// bundled scenarios call (JSONPlaceholder-like, httpbin-like and the `custom` template's
// login + items CRUD). Its latency (base + jitter, plus a rise with concurrency), error rate
// and capacity can be set at start and changed at run time through GET/POST /__ltop/config,
// so the cockpit's charts show something real. It exposes its own numbers at /metrics
// (Prometheus text format) and an exact served-request count at /__ltop/stats; every response
// names the process that served it (x-served-by: pid). Locust scenarios never call /__ltop/*
// or /metrics, and those are not counted.

import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse, IncomingHttpHeaders } from 'node:http';
import { Server as NetServer, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { AggregatorRegistry, prometheusContentType } from 'prom-client';
import { CapacityGate } from './gate.js';
import { RpcError } from './ipc.js';
import { DemoMetrics, processesMetric } from './metrics.js';
import { type DemoStore, MemoryStore } from './store.js';

export interface DemoTargetConfig {
  /** base latency added to every response, in milliseconds */
  latencyMs: number;
  /** latency varies uniformly in [latencyMs - jitterMs, latencyMs + jitterMs], floored at 0 */
  jitterMs: number;
  /** probability in [0, 1] that a request is answered 500 instead of its normal answer */
  errorRate: number;
  /** requests one process serves at a time; the rest queue for a slot (0 = unlimited) */
  capacity: number;
  /** extra latency per other request in flight when a request arrives (per process) */
  latencyPerInflightMs: number;
}

/** What /__ltop/stats answers: exact across processes. */
export interface DemoStats {
  /** requests answered since start (excluding /__ltop/* and /metrics), every process summed */
  readonly served: number;
  readonly inFlight: number;
  /** processes serving now */
  readonly replicas: number;
  readonly processes: ReadonlyArray<{ readonly pid: number; readonly served: number; readonly inFlight: number }>;
  /** serving processes that died (not retired), oldest first, at most 30; each was replaced */
  readonly exits?: readonly DemoProcessExit[];
}

export interface DemoProcessExit {
  /** ms since the epoch */
  readonly at: number;
  readonly pid: number;
  readonly code?: number;
  readonly signal?: string;
  /** the process forked in its place */
  replacedBy?: number;
}

/** The admin side a serving process delegates to: itself in-process, the primary with --replicas. */
export interface DemoAdmin {
  configure(c: Partial<DemoTargetConfig>): Promise<DemoTargetConfig>;
  stats(): Promise<DemoStats>;
  /** Prometheus text exposition of every process's metrics */
  metrics(): Promise<string>;
  /** change the number of serving processes; resolves when they all listen */
  setReplicas(n: number): Promise<DemoStats>;
}

export interface DemoTargetOptions extends Partial<DemoTargetConfig> {
  host?: string;
  port?: number;
  /** cap for /delay/:s in seconds (default MAX_DELAY_S) */
  maxDelayS?: number;
  /** where tokens and items live (default: in this process) */
  store?: DemoStore;
  /** who answers /__ltop/* and /metrics (default: this process alone) */
  admin?: (self: DemoTarget) => DemoAdmin;
}

export interface DemoTarget {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly port: number;
  /** change latency / jitter / error rate at run time (partial updates allowed) */
  configure(c: Partial<DemoTargetConfig>): void;
  /** current configuration */
  config(): DemoTargetConfig;
  /** requests this process has answered (see DemoStats.served) */
  served(): number;
  inFlight(): number;
  readonly metrics: DemoMetrics;
  /** stop accepting, finish what is in flight, then close */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_CONFIG: Readonly<DemoTargetConfig> = { latencyMs: 5, jitterMs: 5, errorRate: 0, capacity: 0, latencyPerInflightMs: 0 };
const CONFIG_KEYS = Object.keys(DEFAULT_CONFIG) as ReadonlyArray<keyof DemoTargetConfig>;
/** at most this many serving processes (--replicas) */
export const MAX_REPLICAS = 64;
/** /delay/:s never waits longer than this many seconds */
export const MAX_DELAY_S = 10;
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_LATENCY_MS = 60_000;
const MAX_CAPACITY = 100_000;
/** how long a retiring process lets keep-alive clients finish and leave before closing idle connections */
const DRAIN_GRACE_MS = 1500;

const POST_COUNT = 100;
const USER_COUNT = 10;
const COMMENTS_PER_POST = 5;

/** Validates a (partial) configuration; returns the error text or undefined. */
export function validateConfig(c: unknown): string | undefined {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return 'config must be a JSON object';
  const rec = c as Record<string, unknown>;
  for (const key of Object.keys(rec)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      return `unknown config key "${key}" (expected ${CONFIG_KEYS.join(', ')})`;
    }
    const v = rec[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) return `${key} must be a finite number`;
    if (key === 'errorRate' && (v < 0 || v > 1)) return 'errorRate must be between 0 and 1';
    if (key === 'capacity' && (v < 0 || v > MAX_CAPACITY || !Number.isInteger(v))) return `capacity must be an integer between 0 and ${MAX_CAPACITY}`;
    if (key !== 'errorRate' && key !== 'capacity' && (v < 0 || v > MAX_LATENCY_MS)) return `${key} must be between 0 and ${MAX_LATENCY_MS}`;
  }
  return undefined;
}

interface Post {
  userId: number;
  id: number;
  title: string;
  body: string;
}

const WORDS = [
  'lorem', 'ipsum', 'dolor', 'sit', 'amet', 'locust', 'swarm', 'latency', 'worker', 'master',
  'request', 'chart', 'cockpit', 'terminal', 'cluster', 'percentile', 'spawn', 'rate', 'node', 'pod',
];

function words(seed: number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(WORDS[(seed * 7 + i * 13) % WORDS.length] ?? 'x');
  return out.join(' ');
}

const POSTS: readonly Post[] = Array.from({ length: POST_COUNT }, (_, i) => ({
  userId: Math.floor(i / (POST_COUNT / USER_COUNT)) + 1,
  id: i + 1,
  title: words(i, 6),
  body: words(i + 3, 24),
}));

const USERS = Array.from({ length: USER_COUNT }, (_, i) => ({
  id: i + 1,
  name: `Demo User ${i + 1}`,
  username: `demo${i + 1}`,
  email: `demo${i + 1}@example.test`,
  address: { street: `${i + 1} Demo Street`, city: 'Loopback', zipcode: '12701' },
  phone: `555-01${String(i).padStart(2, '0')}`,
  website: 'example.test',
  company: { name: 'ltop demo', catchPhrase: 'load on loopback' },
}));

function commentsOf(postId: number) {
  return Array.from({ length: COMMENTS_PER_POST }, (_, j) => ({
    postId,
    id: (postId - 1) * COMMENTS_PER_POST + j + 1,
    name: words(postId + j, 4),
    email: `reader${j + 1}@example.test`,
    body: words(postId * 3 + j, 16),
  }));
}

// Serialised once: the list endpoints are the hottest paths under load.
const POSTS_JSON = JSON.stringify(POSTS);
const USERS_JSON = JSON.stringify(USERS);
const POST_JSON = POSTS.map((p) => JSON.stringify(p));
const COMMENTS_JSON = POSTS.map((p) => JSON.stringify(commentsOf(p.id)));

const XML_DOC = `<?xml version='1.0' encoding='us-ascii'?>
<slideshow title="ltop demo slideshow" date="2026-01-01" author="ltop">
  <slide type="all"><title>Wake up to load tests!</title></slide>
  <slide type="all"><title>Overview</title><item>Why <em>ltop</em> is great</item></slide>
</slideshow>
`;

const HTML_DOC = `<!DOCTYPE html>
<html>
  <head><title>ltop demo target</title></head>
  <body>
    <h1>ltop demo target</h1>
    <p>A small API on loopback for trying load tests.</p>
  </body>
</html>
`;

const JSON_DOC = {
  slideshow: {
    author: 'ltop',
    date: '2026-01-01',
    title: 'ltop demo slideshow',
    slides: [
      { title: 'Wake up to load tests!', type: 'all' },
      { title: 'Overview', type: 'all', items: ['Why ltop is great', 'Who uses it'] },
    ],
  },
};

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra?: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...extra,
  });
  res.end(text);
}

function sendRawJson(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendEmpty(res: ServerResponse, status: number, extra?: Record<string, string>): void {
  res.writeHead(status, { 'content-length': 0, ...extra });
  res.end();
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface ParsedBody {
  raw: string;
  json: unknown;
  form: Record<string, string>;
}

function parseBody(req: IncomingMessage, raw: Buffer): ParsedBody {
  const text = raw.toString('utf8');
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const parsed: ParsedBody = { raw: text, json: null, form: {} };
  if (type === 'application/json' && text.length > 0) {
    try {
      parsed.json = JSON.parse(text) as unknown;
    } catch {
      throw new HttpError(400, 'body is not valid JSON');
    }
  } else if (type === 'application/x-www-form-urlencoded') {
    for (const [k, v] of new URLSearchParams(text)) parsed.form[k] = v;
  }
  return parsed;
}

function headerObject(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    // httpbin presents header names in Title-Case
    const name = k.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
    out[name] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function argsObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

function objectBody(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    t.unref();
  });
}

function intParam(s: string | undefined, what: string): number {
  if (s === undefined || !/^\d{1,9}$/.test(s)) throw new HttpError(404, `${what} must be a positive integer`);
  return Number(s);
}

export async function startDemoTarget(opts: DemoTargetOptions = {}): Promise<DemoTarget> {
  const host = opts.host ?? '127.0.0.1';
  const initial: Partial<DemoTargetConfig> = {};
  if (opts.latencyMs !== undefined) initial.latencyMs = opts.latencyMs;
  if (opts.jitterMs !== undefined) initial.jitterMs = opts.jitterMs;
  if (opts.errorRate !== undefined) initial.errorRate = opts.errorRate;
  if (opts.capacity !== undefined) initial.capacity = opts.capacity;
  if (opts.latencyPerInflightMs !== undefined) initial.latencyPerInflightMs = opts.latencyPerInflightMs;
  const invalid = validateConfig(initial);
  if (invalid) throw new RangeError(invalid);
  let cfg: DemoTargetConfig = { ...DEFAULT_CONFIG, ...initial };
  const maxDelayS = Math.min(Math.max(opts.maxDelayS ?? MAX_DELAY_S, 0), MAX_DELAY_S);

  const store = opts.store ?? new MemoryStore();
  const metrics = new DemoMetrics();
  const gate = new CapacityGate(cfg.capacity);
  let admin: DemoAdmin;

  const configure = (c: Partial<DemoTargetConfig>): void => {
    const err = validateConfig(c);
    if (err) throw new RangeError(err);
    cfg = { ...cfg, ...c };
    gate.setCapacity(cfg.capacity);
  };

  /** this request's own latency: base +- jitter, plus the rise with what else is in flight */
  const delayFor = (inFlight: number): number => {
    const jitter = cfg.jitterMs > 0 ? (Math.random() * 2 - 1) * cfg.jitterMs : 0;
    return Math.max(0, cfg.latencyMs + jitter) + cfg.latencyPerInflightMs * Math.max(0, inFlight - 1);
  };

  const bearerUser = async (req: IncomingMessage): Promise<string> => {
    const auth = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const user = m?.[1] !== undefined ? await store.userOf(m[1]) : undefined;
    if (user === undefined) throw new HttpError(401, 'missing or invalid bearer token');
    return user;
  };

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    if (path === '/metrics') {
      if (method !== 'GET') throw new HttpError(405, 'use GET');
      return sendText(res, 200, prometheusContentType, await admin.metrics());
    }
    if (path === '/__ltop/stats') {
      if (method !== 'GET') throw new HttpError(405, 'use GET');
      return sendJson(res, 200, await admin.stats());
    }
    if (path !== '/__ltop/config' && path !== '/__ltop/replicas') throw new HttpError(404, 'not found');
    if (method === 'GET') return sendJson(res, 200, path === '/__ltop/config' ? cfg : await admin.stats());
    if (method !== 'POST') throw new HttpError(405, 'use GET or POST');
    const body = parseBody(req, await readBody(req));
    if (path === '/__ltop/replicas') {
      const n = objectBody(body.json).replicas;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_REPLICAS) throw new HttpError(400, `replicas must be an integer between 1 and ${MAX_REPLICAS}`);
      return sendJson(res, 200, await admin.setReplicas(n));
    }
    const err = validateConfig(body.json);
    if (err) throw new HttpError(400, err);
    return sendJson(res, 200, await admin.configure(body.json as Partial<DemoTargetConfig>));
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const seg = path.split('/').slice(1);
    const [a, b, c, d] = seg;
    const n = seg.length;
    const body = parseBody(req, raw);
    const echo = () => ({
      args: argsObject(url),
      headers: headerObject(req.headers),
      origin: req.socket.remoteAddress ?? '',
      url: `http://${req.headers.host ?? host}${req.url ?? '/'}`,
    });

    // ---- index
    if (path === '/' && method === 'GET') {
      return sendJson(res, 200, { name: 'ltop demo target', config: '/__ltop/config' });
    }

    // ---- JSONPlaceholder-like
    if (a === 'posts') {
      if (n === 1 && method === 'GET') {
        const userId = url.searchParams.get('userId');
        if (userId === null) return sendRawJson(res, POSTS_JSON);
        return sendJson(res, 200, POSTS.filter((p) => String(p.userId) === userId));
      }
      if (n === 1 && method === 'POST') {
        const o = objectBody(body.json);
        if (Object.keys(o).length === 0 && Object.keys(body.form).length === 0) throw new HttpError(400, 'empty post');
        return sendJson(res, 201, { ...body.form, ...o, id: POST_COUNT + 1 });
      }
      const id = intParam(b, 'post id');
      const post = POSTS[id - 1];
      if (post === undefined) throw new HttpError(404, `no post ${id}`);
      if (n === 2 && method === 'GET') return sendRawJson(res, POST_JSON[id - 1] ?? JSON.stringify(post));
      if (n === 2 && (method === 'PUT' || method === 'PATCH')) {
        return sendJson(res, 200, { ...(method === 'PATCH' ? post : {}), ...body.form, ...objectBody(body.json), id });
      }
      if (n === 2 && method === 'DELETE') return sendJson(res, 200, {});
      if (n === 3 && c === 'comments' && method === 'GET') return sendRawJson(res, COMMENTS_JSON[id - 1] ?? '[]');
      throw new HttpError(n <= 3 ? 405 : 404, 'not supported');
    }
    if (a === 'comments' && n === 1 && method === 'GET') {
      const postId = Number(url.searchParams.get('postId') ?? '1');
      if (!Number.isInteger(postId) || postId < 1 || postId > POST_COUNT) return sendJson(res, 200, []);
      return sendJson(res, 200, commentsOf(postId));
    }
    if (a === 'users' && method === 'GET') {
      if (n === 1) return sendRawJson(res, USERS_JSON);
      const user = n === 2 ? USERS[intParam(b, 'user id') - 1] : undefined;
      if (user === undefined) throw new HttpError(404, 'no such user');
      return sendJson(res, 200, user);
    }

    // ---- httpbin-like
    if (path === '/get' && method === 'GET') return sendJson(res, 200, echo());
    if (n === 1 && (a === 'post' || a === 'put' || a === 'patch' || a === 'delete' || a === 'anything')) {
      if (a !== 'anything' && method !== a.toUpperCase()) throw new HttpError(405, `use ${a.toUpperCase()}`);
      return sendJson(res, 200, { ...echo(), method, data: body.raw, form: body.form, json: body.json });
    }
    if (path === '/headers') return sendJson(res, 200, { headers: headerObject(req.headers) });
    if (a === 'status' && n === 2) {
      const code = intParam(b, 'status code');
      if (code < 200 || code > 599) throw new HttpError(400, 'status code must be 200-599');
      return sendEmpty(res, code);
    }
    if (a === 'delay' && n === 2) {
      const s = Number(b);
      if (!Number.isFinite(s) || s < 0) throw new HttpError(400, 'delay must be a number of seconds');
      const capped = Math.min(s, maxDelayS);
      await sleep(capped * 1000);
      return sendJson(res, 200, { ...echo(), delay: capped });
    }
    if (path === '/json' && method === 'GET') return sendJson(res, 200, JSON_DOC);
    if (path === '/xml' && method === 'GET') return sendText(res, 200, 'application/xml', XML_DOC);
    if (path === '/html' && method === 'GET') return sendText(res, 200, 'text/html; charset=utf-8', HTML_DOC);
    if (path === '/gzip' && method === 'GET') {
      const zipped = gzipSync(JSON.stringify({ gzipped: true, method, headers: headerObject(req.headers) }));
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': zipped.length,
      });
      res.end(zipped);
      return;
    }
    if (a === 'basic-auth' && n === 3 && method === 'GET') {
      const expected = 'Basic ' + Buffer.from(`${decodeURIComponent(b ?? '')}:${decodeURIComponent(c ?? '')}`).toString('base64');
      if (req.headers.authorization !== expected) {
        return sendJson(res, 401, { authenticated: false }, { 'www-authenticate': 'Basic realm="Fake Realm"' });
      }
      return sendJson(res, 200, { authenticated: true, user: decodeURIComponent(b ?? '') });
    }

    // ---- `custom` template: login + items CRUD behind a bearer token
    if (a === 'auth' && n === 2 && method === 'POST') {
      if (b === 'login') {
        const o = { ...body.form, ...objectBody(body.json) };
        const username = typeof o.username === 'string' ? o.username : '';
        const password = typeof o.password === 'string' ? o.password : '';
        if (username === '' || password === '') throw new HttpError(401, 'username and password are required');
        const token = await store.login(username);
        return sendJson(res, 200, { token, username });
      }
      if (b === 'logout') {
        await bearerUser(req);
        const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
        if (token !== undefined) await store.logout(token);
        return sendEmpty(res, 204);
      }
    }
    if (a === 'me' && n === 1 && method === 'GET') return sendJson(res, 200, { username: await bearerUser(req) });
    if (a === 'items') {
      const owner = await bearerUser(req);
      if (n === 1 && method === 'GET') return sendJson(res, 200, await store.listItems(owner, 50));
      if (n === 1 && method === 'POST') {
        const o = objectBody(body.json);
        if (typeof o.name !== 'string' || o.name === '') throw new HttpError(400, 'name is required');
        return sendJson(res, 201, await store.createItem(owner, o.name, typeof o.quantity === 'number' ? o.quantity : 1));
      }
      const id = intParam(b, 'item id');
      if (n !== 2) throw new HttpError(404, 'not found');
      if (method === 'GET' || method === 'PUT' || method === 'PATCH') {
        const o = objectBody(body.json);
        const item =
          method === 'GET' ? await store.getItem(owner, id)
          : await store.updateItem(owner, id, {
              ...(typeof o.name === 'string' && o.name !== '' ? { name: o.name } : {}),
              ...(typeof o.quantity === 'number' ? { quantity: o.quantity } : {}),
            });
        if (item === undefined) throw new HttpError(404, `no item ${id}`);
        return sendJson(res, 200, item);
      }
      if (method === 'DELETE') {
        if (!(await store.deleteItem(owner, id))) throw new HttpError(404, `no item ${id}`);
        return sendEmpty(res, 204);
      }
      throw new HttpError(405, 'use GET, PUT, PATCH or DELETE');
    }

    throw new HttpError(404, `no route for ${method} ${path}`);
  }

  let draining = false;
  let adminInFlight = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    res.setHeader('x-served-by', String(process.pid));
    // a process that is being retired tells keep-alive clients to reconnect (to another one)
    if (draining) res.shouldKeepAlive = false;
    const fail = (e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof HttpError || e instanceof RpcError) sendJson(res, e.status, { error: e.message });
      else sendJson(res, 500, { error: 'internal error' });
    };
    if (url.pathname.startsWith('/__ltop/') || url.pathname === '/metrics') {
      adminInFlight++;
      res.once('close', () => adminInFlight--);
      handleAdmin(req, res, url.pathname).catch(fail);
      return;
    }
    const began = process.hrtime.bigint();
    const flying = metrics.begin();
    let counted = false;
    res.once('finish', () => {
      counted = true;
      metrics.end(req.method ?? 'GET', url.pathname, res.statusCode, Number(process.hrtime.bigint() - began) / 1e9);
    });
    res.once('close', () => counted || metrics.abandon());
    // Read the body first so an injected error still consumes the request cleanly.
    readBody(req)
      .then(async (raw) => {
        const release = await gate.acquire();
        try {
          const wait = delayFor(flying);
          if (wait > 0) await sleep(wait);
          if (cfg.errorRate > 0 && Math.random() < cfg.errorRate) {
            sendJson(res, 500, { error: 'injected error (demo target errorRate)' });
            return;
          }
          await handle(req, res, url, raw);
        } finally {
          release();
        }
      })
      .catch(fail);
  });
  // Load generators keep connections alive; closing them after Node's 5 s default makes
  // clients see spurious connection resets.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  server.requestTimeout = 0;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  const target: DemoTarget = {
    url: `http://${urlHost}:${port}`,
    port,
    configure,
    config: () => ({ ...cfg }),
    served: () => metrics.served,
    inFlight: () => metrics.inFlight,
    metrics,
    async drain() {
      // Stop accepting; every response from now on says "Connection: close", so keep-alive
      // clients move to another process after their current request. Closing an idle
      // connection at once would race a client that is just sending on it (a reset).
      draining = true;
      // net.Server's close stops accepting (and tells the cluster's primary) without http.Server's
      // closing of idle keep-alive connections, which would reset a request being sent on one
      NetServer.prototype.close.call(server);
      const connections = (): Promise<number> => new Promise((resolve) => server.getConnections((_e, n) => resolve(n ?? 0)));
      const deadline = Date.now() + DRAIN_GRACE_MS;
      while (Date.now() < deadline && (metrics.inFlight > 0 || adminInFlight > 0 || (await connections()) > 0)) await sleep(10);
      // what is still open now is idle for a while: a client that went quiet
      server.closeIdleConnections();
      while (metrics.inFlight > 0 || adminInFlight > 0) await sleep(5);
      await target.close();
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (server.listening) server.close(() => resolve());
        else resolve();
        server.closeAllConnections();
      });
      return closing;
    },
  };
  admin = opts.admin ? opts.admin(target) : singleProcessAdmin(target);
  return target;
}

/** The admin of a target that runs in this process alone. */
function singleProcessAdmin(target: DemoTarget): DemoAdmin {
  const stats = (): DemoStats => ({
    served: target.served(),
    inFlight: target.inFlight(),
    replicas: 1,
    processes: [{ pid: process.pid, served: target.served(), inFlight: target.inFlight() }],
  });
  return {
    async configure(c) {
      target.configure(c);
      return target.config();
    },
    stats: async () => stats(),
    async metrics() {
      return AggregatorRegistry.aggregate([await target.metrics.snapshot(), [processesMetric(1)]]).metrics();
    },
    async setReplicas() {
      throw new HttpError(409, 'this demo target runs inside another program as one process; start it as ltop-demo --replicas N to scale it');
    },
  };
}
