// An in-cluster Prometheus reached through the Kubernetes API server's service proxy
// (/api/v1/namespaces/NS/services/NAME:PORT/proxy/...), with the kubeconfig's credentials:
// no port-forward and no exposed Service needed, only RBAC to get services/proxy.

import { KubeApiError, type KubeRest } from '../platforms/kube/rest.js';
import { PrometheusClient, type PromTransport } from './client.js';

export interface ServiceRef {
  readonly namespace: string;
  readonly name: string;
  /** port name or number; the Service's only port when absent */
  readonly port?: string;
}

/** "monitoring/prometheus-k8s:9090" -> {namespace, name, port}; undefined when malformed. */
export function parseServiceRef(text: string): ServiceRef | undefined {
  const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)(?::([A-Za-z0-9-]+))?$/.exec(text.trim());
  if (!m) return undefined;
  return { namespace: m[1]!, name: m[3]!, ...(m[5] ? { port: m[5] } : {}) };
}

export function serviceProxyPath(ref: ServiceRef): string {
  return `/api/v1/namespaces/${ref.namespace}/services/${ref.name}${ref.port ? `:${ref.port}` : ''}/proxy`;
}

export function kubeProxyClient(rest: KubeRest, ref: ServiceRef, timeoutMs = 10_000): PrometheusClient {
  const base = serviceProxyPath(ref);
  const transport: PromTransport = async (path, params) => {
    try {
      const json = await rest.get<unknown>(base + path, { query: params, timeoutMs });
      return { status: 200, text: JSON.stringify(json) };
    } catch (e) {
      // Prometheus' own error answer comes back as the "Status" body
      if (e instanceof KubeApiError) return { status: e.code, text: e.status && Object.keys(e.status).length ? JSON.stringify(e.status) : e.message };
      throw e;
    }
  };
  return new PrometheusClient({ url: rest.server + base, transport, timeoutMs });
}
