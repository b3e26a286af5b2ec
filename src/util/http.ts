// Small HTTP requests to the masters and targets ltop polls every 2 s, on node:http with one
// kept-alive connection per host. fetch (undici) builds WHATWG streams, headers and an
// abort controller per request: on a poll that is most of what the cockpit spends outside
// drawing (npm run bench). What callers see is what fetch gave them: a status and the body.
import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly body: string;
}

export interface HttpRequest {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
}

/** The error for a request that got no answer; `reason` is the cause alone (ECONNREFUSED, a timeout). */
export class HttpUnanswered extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

// keepAlive: a poll reuses its socket rather than opening one every 2 s; unref'd sockets never
// hold the process open (the agent's free sockets are unref'd by node)
const agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets: 4 }), 'https:': new https.Agent({ keepAlive: true, maxSockets: 4 }) } as const;

export async function httpRequest(url: URL | string, request: HttpRequest): Promise<HttpAnswer> {
  try {
    return await once(url, request);
  } catch (error) {
    // a kept-alive socket the server closed as the request went out: a GET is asked again, once
    if (error instanceof StaleSocket && (request.method ?? 'GET') === 'GET') return once(url, request);
    throw error instanceof StaleSocket ? new HttpUnanswered(error.message) : error;
  }
}

class StaleSocket extends Error {}

function once(url: URL | string, request: HttpRequest): Promise<HttpAnswer> {
  const target = typeof url === 'string' ? new URL(url) : url;
  const transport = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : null;
  if (!transport) return Promise.reject(new HttpUnanswered(`unsupported protocol ${target.protocol}`));
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    const outgoing = transport.request(target, { method: request.method ?? 'GET', headers, agent: agents[target.protocol as 'http:' | 'https:'] }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const status = incoming.statusCode ?? 0;
        resolve({ status, ok: status >= 200 && status < 300, body: Buffer.concat(chunks).toString('utf8') });
      });
      incoming.on('error', (error) => reject(new HttpUnanswered(error.message)));
    });
    // the whole request is bounded, as fetch's AbortSignal.timeout bounded it
    const deadline = setTimeout(() => outgoing.destroy(new HttpUnanswered(`no answer within ${request.timeoutMs} ms`)), request.timeoutMs);
    deadline.unref();
    outgoing.on('error', (error) => {
      clearTimeout(deadline);
      if (outgoing.reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET') reject(new StaleSocket(error.message));
      else reject(error instanceof HttpUnanswered ? error : new HttpUnanswered(error.message));
    });
    outgoing.on('close', () => clearTimeout(deadline));
    outgoing.end(request.body);
  });
}
