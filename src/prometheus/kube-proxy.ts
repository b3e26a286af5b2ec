// An in-cluster Prometheus reached through the Kubernetes API server's service proxy
// (/api/v1/namespaces/NS/services/NAME:PORT/proxy/...), with the kubeconfig's credentials:
// no port-forward and no exposed Service needed, only RBAC to get services/proxy.

import { KubeApiError, type KubeRest } from '../platforms/kube/rest.js';
import { PrometheusClient, type PromTransport } from './client.js';

export { parseServiceRef, type ServiceRef } from './service-ref.js';
import type { ServiceRef } from './service-ref.js';

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
