// Services of type LoadBalancer make AWS load balancers outside Terraform, whose network
// interfaces would block the VPC's deletion: delete them first and wait until they are gone
// (the cloud controller removes its NLB before the Service's finalizer lets it go).
import type { KubeConnection } from '../kube/config.js';
import { KubeApiError, type KubeList } from '../kube/rest.js';
import { waitFor } from '../../util/wait.js';

const services = (ns: string): string => `/api/v1/namespaces/${ns}/services`;

async function loadBalancerNames(conn: KubeConnection): Promise<string[]> {
  try {
    const list = await conn.rest.get<KubeList>(services(conn.namespace));
    return list.items.filter((item) => (item.spec as { type?: string } | undefined)?.type === 'LoadBalancer').map((item) => item.metadata?.name ?? '');
  } catch (error) {
    // no namespace: no Services in it
    if (error instanceof KubeApiError && error.code === 404) return [];
    throw error;
  }
}

/** Deletes every LoadBalancer Service in the namespace and waits (bounded) until none is left; returns their names. */
export async function deleteLoadBalancerServices(conn: KubeConnection, log: (line: string) => void, options: { readonly timeoutMs: number; readonly signal?: AbortSignal }): Promise<string[]> {
  const names = await loadBalancerNames(conn);
  for (const name of names) {
    try {
      await conn.rest.request('DELETE', `${services(conn.namespace)}/${name}`);
      log(`deleting service/${name} (type LoadBalancer)`);
    } catch (error) {
      if (!(error instanceof KubeApiError && error.code === 404)) throw error;
    }
  }
  if (names.length === 0) return names;
  await waitFor(async () => (await loadBalancerNames(conn)).length === 0, {
    timeoutMs: options.timeoutMs,
    intervalMs: 1000,
    what: `the LoadBalancer Services in ${conn.namespace} to go (kubectl get svc -n ${conn.namespace}; their NLBs block the VPC's deletion)`,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  log(`${names.length} LoadBalancer Service${names.length === 1 ? '' : 's'} gone`);
  return names;
}
