// services/{[scheme:]name[:port]}/proxy/{path}: the API server's proxy to a Service, which
// kubectl proxy and client tools use to reach in-cluster HTTP services (Prometheus) with the
// kubeconfig's credentials. Here the test decides which local port stands behind a Service.

import { request, type IncomingMessage, type ServerResponse } from 'node:http';

/** the local port behind namespace/service:port, or undefined (503 like a Service without endpoints) */
export type ServiceTarget = (namespace: string, service: string, port: string | undefined) => number | undefined;

export function parseServiceRef(ref: string): { name: string; port: string | undefined } {
  const parts = decodeURIComponent(ref).split(':');
  if (parts.length === 3) return { name: parts[1]!, port: parts[2] || undefined };
  if (parts.length === 2) return { name: parts[0]!, port: parts[1] || undefined };
  return { name: parts[0]!, port: undefined };
}

export function proxyToService(req: IncomingMessage, res: ServerResponse, body: string, target: number, path: string, search: string): void {
  const headers = { ...req.headers };
  delete headers.authorization;
  delete headers.host;
  headers['content-length'] = String(Buffer.byteLength(body));
  const out = request({ host: '127.0.0.1', port: target, method: req.method, path: `/${path}${search}`, headers }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  out.on('error', (e) => {
    if (!res.headersSent) res.writeHead(503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: `error trying to reach service: ${e.message}`, reason: 'ServiceUnavailable', code: 503 }));
  });
  out.end(body);
}
