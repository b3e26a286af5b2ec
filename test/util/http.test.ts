// The polling client against real node:http servers on loopback: answers, a refused port, a
// server that never answers, and a kept-alive socket the server drops (asked again once).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { HttpUnanswered, httpRequest } from '../../src/util/http.js';

const servers: http.Server[] = [];
async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
after(() => {
  for (const server of servers) server.closeAllConnections();
  for (const server of servers) server.close();
});

describe('httpRequest', () => {
  it('gives the status and body, and sends a form as written', async () => {
    const base = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        response.statusCode = request.method === 'POST' ? 200 : 404;
        response.end(`${request.method} ${request.headers['content-type'] ?? '-'} ${body}`);
      });
    });
    const posted = await httpRequest(`${base}/swarm`, { method: 'POST', body: 'user_count=5', headers: { 'content-type': 'application/x-www-form-urlencoded' }, timeoutMs: 5000 });
    assert.deepEqual(posted, { status: 200, ok: true, body: 'POST application/x-www-form-urlencoded user_count=5' });
    const missing = await httpRequest(`${base}/nothing`, { timeoutMs: 5000 });
    assert.equal(missing.ok, false);
    assert.equal(missing.status, 404);
  });

  it('says why there was no answer: a refused port, or no answer within the bound', async () => {
    const closed = await serve(() => undefined);
    const port = new URL(closed).port;
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    await assert.rejects(httpRequest(`http://127.0.0.1:${port}/`, { timeoutMs: 5000 }), (error: unknown) => error instanceof HttpUnanswered && /ECONNREFUSED/.test(error.message));
    const silent = await serve(() => undefined); // takes the request and never answers
    const began = Date.now();
    await assert.rejects(httpRequest(`${silent}/stats/requests`, { timeoutMs: 300 }), (error: unknown) => error instanceof HttpUnanswered && /no answer within 300 ms/.test(error.message));
    assert.ok(Date.now() - began < 5000);
  });

  it('asks a GET again when the server dropped the kept-alive socket it went out on', async () => {
    const answered = new Set<Socket>();
    const base = await serve((request, response) => {
      // the second request on a socket is dropped unanswered, as a server closing an idle
      // connection does when the request crosses the close
      if (answered.has(request.socket)) return request.socket.destroy();
      answered.add(request.socket);
      response.end(`answer ${answered.size}`);
    });
    assert.equal((await httpRequest(`${base}/a`, { timeoutMs: 5000 })).body, 'answer 1');
    assert.equal((await httpRequest(`${base}/b`, { timeoutMs: 5000 })).body, 'answer 2');
  });
});
