// Every failure becomes a sentence with its cause and what to do about it.

import { KubeApiError } from './rest.js';

function groupOf(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts[0] === 'apis' ? (parts[1] ?? '') : '';
}

function resourceOf(path: string): string {
  const parts = path.split('?')[0]!.split('/').filter(Boolean);
  const rest = parts[0] === 'api' ? parts.slice(2) : parts.slice(3);
  const afterNs = rest[0] === 'namespaces' && rest.length >= 3 ? rest.slice(2) : rest;
  return afterNs.length >= 3 ? `${afterNs[0]}/${afterNs[2]}` : (afterNs[0] ?? '?');
}

function namespaceOf(path: string): string | undefined {
  const m = /\/namespaces\/([^/]+)\/[^/]+/.exec(path);
  return m?.[1];
}

/** What to check when the API server cannot be reached at all, for a cluster reached through a kubeconfig. */
export const KUBECONFIG_UNREACHABLE_ADVICE = 'Check the context (kubectl config current-context), the VPN/bastion, and that the cluster is up (kubectl cluster-info).';

/**
 * "could not <doing>: <cause>. <fix>"
 * @param unreachableAdvice the fix when the API cannot be reached at all: a platform that knows
 *   why it might not be (eks: the endpoint's allow-list) says so instead of the kubeconfig advice
 */
export function explain(doing: string, err: unknown, unreachableAdvice = KUBECONFIG_UNREACHABLE_ADVICE): string {
  if (err instanceof KubeApiError) {
    const ns = namespaceOf(err.path);
    switch (err.code) {
      case 401:
        return `could not ${doing}: the cluster rejected the credentials (401 Unauthorized). Refresh them (e.g. aws eks update-kubeconfig, gcloud container clusters get-credentials) and check with kubectl auth whoami.`;
      case 403: {
        const resource = resourceOf(err.path);
        const group = groupOf(err.path);
        return (
          `could not ${doing}: ${err.message}. Ask your cluster admin for an RBAC Role${ns ? ` in namespace ${ns}` : ''} allowing ` +
          `verb "${err.verb}" on resource "${resource}" in API group "${group}" ` +
          `(check with: kubectl auth can-i ${err.verb} ${resource}${group ? `.${group}` : ''}${ns ? ` -n ${ns}` : ''}).`
        );
      }
      case 404:
        if (/namespaces "[^"]+" not found/.test(err.message)) {
          return `could not ${doing}: ${err.message}. Create it (kubectl create namespace ${ns ?? 'NAME'}) or pick another with --namespace.`;
        }
        return `could not ${doing}: ${err.message}. Deploy first (ltop --platform kube deploys the overlay) or check --context/--namespace.`;
      case 409:
        return `could not ${doing}: ${err.message}. Someone else changed the same object; retry, or look at it with kubectl get -o yaml --show-managed-fields.`;
      case 410:
        return `could not ${doing}: ${err.message} (the server forgot that history); ltop re-lists.`;
      case 422:
        return `could not ${doing}: the server rejected the object: ${err.message}. Fix the manifest in the overlay.`;
      default:
        return `could not ${doing}: ${err.message} (HTTP ${err.code} ${err.reason}).`;
    }
  }
  const e = err as { code?: string; cause?: { code?: string; message?: string }; message?: string; name?: string };
  const code = e?.code ?? e?.cause?.code;
  const msg = e?.cause?.message ?? e?.message ?? String(err);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || /fetch failed/.test(String(e?.message))) {
    return `could not ${doing}: the Kubernetes API server is unreachable (${msg}). ${unreachableAdvice}`;
  }
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return `could not ${doing}: the Kubernetes API server did not answer in time. Check the network to the cluster (kubectl cluster-info).`;
  }
  return `could not ${doing}: ${msg}`;
}
