import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { request as httpRequest } from 'node:http';
import { startDemoTarget } from '../../src/demo/server.js';
import type { DemoTarget } from '../../src/demo/server.js';

async function call(
  t: DemoTarget,
  path: string,
  init: { method?: string; json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; text: string; json: () => unknown }> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const res = await fetch(t.url + path, { method: init.method ?? 'GET', headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as unknown };
}

/** GET without automatic decompression, to see what the server really sends. */
function rawGet(url: string): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

type Rec = Record<string, unknown>;

describe('demo target: endpoints the scenarios call', () => {
  let t: DemoTarget;
  before(async () => {
    t = await startDemoTarget({ latencyMs: 0, jitterMs: 0, maxDelayS: 0.3 });
  });
  after(async () => {
    await t.close();
  });

  test('listens on loopback on a free port', () => {
    assert.match(t.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(t.port > 0);
    assert.equal(t.url, `http://127.0.0.1:${t.port}`);
  });

  test('JSONPlaceholder-like posts, comments and users', async () => {
    const list = await call(t, '/posts');
    assert.equal(list.status, 200);
    const posts = list.json() as Rec[];
    assert.equal(posts.length, 100);
    for (const key of ['userId', 'id', 'title', 'body']) assert.ok(key in posts[0]!, key);

    const one = (await call(t, '/posts/7')).json() as Rec;
    assert.equal(one.id, 7);
    assert.equal(typeof one.title, 'string');

    assert.equal((await call(t, '/posts/101')).status, 404);
    assert.equal((await call(t, '/posts/abc')).status, 404);

    const comments = (await call(t, '/posts/7/comments')).json() as Rec[];
    assert.equal(comments.length, 5);
    assert.ok(comments.every((c) => c.postId === 7 && typeof c.email === 'string' && typeof c.body === 'string'));

    const users = (await call(t, '/users')).json() as Rec[];
    assert.equal(users.length, 10);
    assert.ok(users.every((u) => typeof u.id === 'number' && typeof u.username === 'string' && typeof u.email === 'string'));

    const created = await call(t, '/posts', { method: 'POST', json: { title: 't', body: 'b', userId: 1 } });
    assert.equal(created.status, 201);
    assert.deepEqual(created.json(), { title: 't', body: 'b', userId: 1, id: 101 });

    const updated = await call(t, '/posts/3', { method: 'PUT', json: { id: 3, title: 'new', body: 'b', userId: 1 } });
    assert.equal(updated.status, 200);
    assert.equal((updated.json() as Rec).title, 'new');
    assert.equal((updated.json() as Rec).id, 3);
  });

  test('httpbin-like echo endpoints', async () => {
    const get = (await call(t, '/get?q=locust&page=2', { headers: { 'X-Trace': 'abc' } })).json() as Rec;
    assert.deepEqual(get.args, { q: 'locust', page: '2' });
    assert.equal((get.headers as Rec)['X-Trace'], 'abc');

    const pj = (await call(t, '/post', { method: 'POST', json: { a: 1, b: [1, 2] } })).json() as Rec;
    assert.deepEqual(pj.json, { a: 1, b: [1, 2] });

    const pf = (await call(t, '/post', { method: 'POST', form: { name: 'ltop', n: '3' } })).json() as Rec;
    assert.deepEqual(pf.form, { name: 'ltop', n: '3' });
    assert.equal((await call(t, '/post')).status, 405);

    const h = (await call(t, '/headers', { headers: { 'X-Ltop-Test': 'yes' } })).json() as Rec;
    assert.equal((h.headers as Rec)['X-Ltop-Test'], 'yes');

    for (const code of [200, 201, 404, 418, 503]) {
      assert.equal((await call(t, `/status/${code}`)).status, code);
    }

    const j = (await call(t, '/json')).json() as Rec;
    assert.ok('slideshow' in j);
    const xml = await call(t, '/xml');
    assert.match(xml.headers.get('content-type') ?? '', /xml/);
    assert.match(xml.text, /<slideshow/);
    const html = await call(t, '/html');
    assert.match(html.headers.get('content-type') ?? '', /text\/html/);
    assert.match(html.text, /<h1>/);

    const gz = await rawGet(t.url + '/gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal((JSON.parse(gunzipSync(gz.body).toString()) as Rec).gzipped, true);

    const auth = 'Basic ' + Buffer.from('alice:s3cret').toString('base64');
    const ok = await call(t, '/basic-auth/alice/s3cret', { headers: { authorization: auth } });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json(), { authenticated: true, user: 'alice' });
    const denied = await call(t, '/basic-auth/alice/other', { headers: { authorization: auth } });
    assert.equal(denied.status, 401);
    assert.match(denied.headers.get('www-authenticate') ?? '', /Basic/);
  });

  test('/delay waits, and is capped so nothing hangs', async () => {
    let start = performance.now();
    const d = (await call(t, '/delay/0.2')).json() as Rec;
    assert.ok(performance.now() - start >= 190);
    assert.equal(d.delay, 0.2);

    start = performance.now();
    const capped = (await call(t, '/delay/600')).json() as Rec;
    assert.equal(capped.delay, 0.3);
    assert.ok(performance.now() - start < 5000);
  });

  test('custom template: login, items CRUD behind the token, logout', async () => {
    assert.equal((await call(t, '/auth/login', { method: 'POST', json: { username: 'u' } })).status, 401);
    const login = await call(t, '/auth/login', { method: 'POST', json: { username: 'u', password: 'p' } });
    assert.equal(login.status, 200);
    const token = (login.json() as Rec).token as string;
    assert.ok(token.length > 10);
    const auth = { authorization: `Bearer ${token}` };

    assert.equal((await call(t, '/items')).status, 401);
    const created = await call(t, '/items', { method: 'POST', json: { name: 'widget', quantity: 2 }, headers: auth });
    assert.equal(created.status, 201);
    const id = (created.json() as Rec).id as number;
    assert.deepEqual((await call(t, `/items/${id}`, { headers: auth })).json(), { id, name: 'widget', quantity: 2, owner: 'u' });
    const list = (await call(t, '/items', { headers: auth })).json() as Rec[];
    assert.ok(list.some((it) => it.id === id));
    const upd = await call(t, `/items/${id}`, { method: 'PUT', json: { quantity: 5 }, headers: auth });
    assert.equal((upd.json() as Rec).quantity, 5);
    assert.equal((await call(t, `/items/${id}`, { method: 'DELETE', headers: auth })).status, 204);
    assert.equal((await call(t, `/items/${id}`, { headers: auth })).status, 404);

    assert.equal((await call(t, '/auth/logout', { method: 'POST', headers: auth })).status, 204);
    assert.equal((await call(t, '/items', { headers: auth })).status, 401, 'token no longer valid after logout');
  });

  test('unknown routes answer 404 with a JSON error', async () => {
    const r = await call(t, '/nope');
    assert.equal(r.status, 404);
    assert.match(String((r.json() as Rec).error), /no route/);
  });
});

describe('demo target: latency and error rate', () => {
  test('start options set latency and error rate', async () => {
    const t = await startDemoTarget({ latencyMs: 150, jitterMs: 0, errorRate: 1, capacity: 0, latencyPerInflightMs: 0 });
    try {
      const start = performance.now();
      const r = await call(t, '/posts/1');
      assert.ok(performance.now() - start >= 140, 'latency applied');
      assert.equal(r.status, 500);
      assert.deepEqual(await call(t, '/__ltop/config').then((x) => x.json()), { latencyMs: 150, jitterMs: 0, errorRate: 1, capacity: 0, latencyPerInflightMs: 0 });
    } finally {
      await t.close();
    }
  });

  test('rejects invalid start options', async () => {
    await assert.rejects(startDemoTarget({ errorRate: 1.5 }), /errorRate/);
    await assert.rejects(startDemoTarget({ latencyMs: -1 }), /latencyMs/);
  });

  test('configure() and POST /__ltop/config change behaviour at run time; the admin endpoint is exempt', async () => {
    const t = await startDemoTarget({ latencyMs: 0, jitterMs: 0 });
    try {
      assert.equal((await call(t, '/users')).status, 200);

      t.configure({ errorRate: 1 });
      assert.equal((await call(t, '/users')).status, 500);
      // the admin endpoint never fails or waits because of the injected settings
      const set = await call(t, '/__ltop/config', { method: 'POST', json: { errorRate: 0, latencyMs: 120 } });
      assert.equal(set.status, 200);
      assert.deepEqual(set.json(), { latencyMs: 120, jitterMs: 0, errorRate: 0, capacity: 0, latencyPerInflightMs: 0 });
      assert.deepEqual(t.config(), { latencyMs: 120, jitterMs: 0, errorRate: 0, capacity: 0, latencyPerInflightMs: 0 });

      const start = performance.now();
      assert.equal((await call(t, '/users')).status, 200);
      assert.ok(performance.now() - start >= 110);

      const bad = await call(t, '/__ltop/config', { method: 'POST', json: { errorRate: 'lots' } });
      assert.equal(bad.status, 400);
      assert.equal(t.config().errorRate, 0, 'a rejected update changes nothing');
      assert.throws(() => t.configure({ jitterMs: -5 }), /jitterMs/);
    } finally {
      await t.close();
    }
  });

  test('a partial error rate fails roughly that share of requests', async () => {
    const t = await startDemoTarget({ latencyMs: 0, jitterMs: 0, errorRate: 0.5 });
    try {
      let failed = 0;
      for (let i = 0; i < 200; i++) if ((await call(t, '/json')).status === 500) failed++;
      assert.ok(failed > 50 && failed < 150, `failed ${failed}/200`);
    } finally {
      await t.close();
    }
  });

  test('jitter spreads latency around the base', async () => {
    const t = await startDemoTarget({ latencyMs: 40, jitterMs: 40 });
    try {
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const start = performance.now();
        await call(t, '/json');
        times.push(performance.now() - start);
      }
      const min = Math.min(...times);
      const max = Math.max(...times);
      assert.ok(max - min > 15, `spread ${min.toFixed(1)}..${max.toFixed(1)} ms`);
      assert.ok(max < 200);
    } finally {
      await t.close();
    }
  });

  test('close() ends idle keep-alive connections and frees the port', async () => {
    const t = await startDemoTarget({ latencyMs: 0, jitterMs: 0 });
    await call(t, '/json');
    await t.close();
    await assert.rejects(fetch(t.url + '/json'));
  });
});
