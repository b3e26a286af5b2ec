// An in-cluster Prometheus named as NS/NAME[:PORT]. Pure, so option parsing loads no Kubernetes client.
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

