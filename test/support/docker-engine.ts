// A loopback double of the Docker Engine API, for the parts of it `docker info`, `docker login`,
// the legacy `docker build` (DOCKER_BUILDKIT=0), `docker tag` and `docker push` call, answering
// as the Engine API reference (v1.50) documents: /_ping with the API-Version header, /info,
// /auth, /build (the context as a tar body, a JSON-lines progress stream), /images/{name}/tag,
// /images/{name}/push (credentials in X-Registry-Auth, base64url JSON). No engine can run on this
// machine; the real docker CLI talks to this one through DOCKER_HOST=tcp://127.0.0.1:PORT.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EngineRequest {
  readonly method: string;
  /** without the /vX.Y prefix */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
}

export interface BuildSeen {
  readonly query: URLSearchParams;
  /** the files of the build context the client sent (tar entries) */
  readonly files: readonly string[];
}

export interface PushSeen {
  readonly name: string;
  readonly tag: string;
  /** X-Registry-Auth, decoded */
  readonly auth: { readonly username?: string; readonly password?: string; readonly serveraddress?: string };
}

export interface DockerEngineDouble {
  /** tcp://127.0.0.1:PORT, for DOCKER_HOST */
  readonly host: string;
  readonly requests: EngineRequest[];
  readonly logins: { username?: string; password?: string; serveraddress?: string }[];
  readonly builds: BuildSeen[];
  readonly pushes: PushSeen[];
  /** the images it holds: name:tag -> id */
  readonly images: Map<string, string>;
  close(): Promise<void>;
}

const API_VERSION = '1.50';

/** The entry names of a tar (ustar, with PAX `path` records for long names). */
export function tarEntries(tar: Buffer): string[] {
  const names: string[] = [];
  let longName: string | undefined;
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number): string => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    if (type === 'x') longName = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
    else if (type !== 'g') {
      const prefix = field(345, 155);
      names.push(longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100)));
      longName = undefined;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'api-version': API_VERSION }).end(JSON.stringify(value));
}

/** A JSON-lines progress stream, as /build and /push answer. */
function stream(res: ServerResponse, messages: readonly unknown[]): void {
  res.writeHead(200, { 'content-type': 'application/json', 'api-version': API_VERSION });
  for (const message of messages) res.write(`${JSON.stringify(message)}\r\n`);
  res.end();
}

function decodeAuth(header: string | string[] | undefined): PushSeen['auth'] {
  if (typeof header !== 'string' || header === '') return {};
  try {
    return JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as PushSeen['auth'];
  } catch {
    return {};
  }
}

/** Where a name:tag ends: the last colon after the last slash (a registry may have a port). */
function splitTag(reference: string): { name: string; tag: string } {
  const colon = reference.lastIndexOf(':');
  return colon > reference.lastIndexOf('/') ? { name: reference.slice(0, colon), tag: reference.slice(colon + 1) } : { name: reference, tag: 'latest' };
}

export async function startDockerEngine(): Promise<DockerEngineDouble> {
  const requests: EngineRequest[] = [];
  const logins: DockerEngineDouble['logins'] = [];
  const builds: BuildSeen[] = [];
  const pushes: PushSeen[] = [];
  const images = new Map<string, string>();
  let built = 0;

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://engine');
      const path = url.pathname.replace(/^\/v\d+\.\d+/, '');
      requests.push({ method: req.method ?? 'GET', path, query: url.searchParams, headers: req.headers });
      if (path === '/_ping') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'api-version': API_VERSION, 'docker-experimental': 'false', ostype: 'linux', 'builder-version': '1', 'cache-control': 'no-cache, no-store, must-revalidate' });
        return void res.end(req.method === 'HEAD' ? undefined : 'OK');
      }
      if (path === '/info' && req.method === 'GET') return json(res, 200, { ID: 'ltop-test-double', ServerVersion: '28.2.2-double', OSType: 'linux', Architecture: 'x86_64', Driver: 'overlay2', Images: images.size, Containers: 0 });
      if (path === '/version') return json(res, 200, { Version: '28.2.2-double', ApiVersion: API_VERSION, MinAPIVersion: '1.24', Os: 'linux', Arch: 'amd64' });
      if (path === '/auth' && req.method === 'POST') {
        const login = JSON.parse((await body(req)).toString('utf8') || '{}') as DockerEngineDouble['logins'][number];
        logins.push(login);
        return json(res, 200, { Status: 'Login Succeeded', IdentityToken: '' });
      }
      if (path === '/build' && req.method === 'POST') {
        const files = tarEntries(await body(req));
        builds.push({ query: url.searchParams, files });
        const dockerfile = url.searchParams.get('dockerfile') ?? 'Dockerfile';
        if (!files.includes(dockerfile)) return stream(res, [{ errorDetail: { message: `Cannot locate specified Dockerfile: ${dockerfile}` }, error: `Cannot locate specified Dockerfile: ${dockerfile}` }]);
        const id = `sha256:${(++built).toString(16).padStart(64, '0')}`;
        const tags = url.searchParams.getAll('t');
        for (const tag of tags) images.set(tag.includes(':', tag.lastIndexOf('/')) ? tag : `${tag}:latest`, id);
        return stream(res, [
          { stream: `Step 1/1 : FROM scratch (${files.length} files in the context)\n` },
          { aux: { ID: id } },
          { stream: `Successfully built ${id.slice(7, 19)}\n` },
          ...tags.map((tag) => ({ stream: `Successfully tagged ${tag}\n` })),
        ]);
      }
      const tagMatch = /^\/images\/(.+)\/tag$/.exec(path);
      if (tagMatch && req.method === 'POST') {
        const id = images.get(tagMatch[1]!.includes(':') ? tagMatch[1]! : `${tagMatch[1]}:latest`);
        if (!id) return json(res, 404, { message: `No such image: ${tagMatch[1]}` });
        images.set(`${url.searchParams.get('repo')}:${url.searchParams.get('tag') || 'latest'}`, id);
        return void res.writeHead(201, { 'api-version': API_VERSION }).end();
      }
      const pushMatch = /^\/images\/(.+)\/push$/.exec(path);
      if (pushMatch && req.method === 'POST') {
        const { name } = splitTag(decodeURIComponent(pushMatch[1]!));
        const tag = url.searchParams.get('tag') || 'latest';
        const auth = decodeAuth(req.headers['x-registry-auth']);
        pushes.push({ name, tag, auth });
        if (!images.has(`${name}:${tag}`)) return stream(res, [{ errorDetail: { message: `tag does not exist: ${name}:${tag}` }, error: `tag does not exist: ${name}:${tag}` }]);
        if (!auth.password) return stream(res, [{ status: `The push refers to repository [${name}]` }, { errorDetail: { message: 'no basic auth credentials' }, error: 'no basic auth credentials' }]);
        const digest = `sha256:${'d'.repeat(64)}`;
        return stream(res, [
          { status: `The push refers to repository [${name}]` },
          { status: 'Pushed', progressDetail: {}, id: '5f70bf18a086' },
          { status: `${tag}: digest: ${digest} size: 528` },
          { progressDetail: {}, aux: { Tag: tag, Digest: digest, Size: 528 } },
        ]);
      }
      json(res, 404, { message: `page not found: ${req.method} ${path} (not in this double)` });
    })().catch((error: unknown) => json(res, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `tcp://127.0.0.1:${port}`,
    requests,
    logins,
    builds,
    pushes,
    images,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
