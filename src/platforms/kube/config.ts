// The user's kubeconfig, with --context and --namespace meaning what they mean to kubectl.

import { KubeConfig } from '@kubernetes/client-node';
import { DEFAULT_NAMESPACE } from './names.js';
import { KubeRest } from './rest.js';

export interface KubeTarget {
  /** --context: a context in the kubeconfig (default: its current-context) */
  readonly context?: string;
  /** --namespace: default is the context's namespace, else "ltop" (where ltop's overlays deploy) */
  readonly namespace?: string;
  /** --kubeconfig / $KUBECONFIG / ~/.kube/config, like kubectl */
  readonly kubeconfigPath?: string;
  /** a KubeConfig built elsewhere (the eks platform's, with its own token), used instead of reading one */
  readonly kubeConfig?: KubeConfig;
}

export interface KubeConnection {
  readonly kc: KubeConfig;
  readonly rest: KubeRest;
  readonly context: string;
  readonly namespace: string;
  readonly server: string;
  /** "context kind-ltop, namespace ltop" */
  readonly where: string;
}

export class KubeConfigError extends Error {}

function loadKubeConfig(kubeconfigPath: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (kubeconfigPath) kc.loadFromFile(kubeconfigPath);
    else kc.loadFromDefault();
  } catch (err) {
    throw new KubeConfigError(`cannot read the kubeconfig${kubeconfigPath ? ` ${kubeconfigPath}` : ''}: ${(err as Error).message}`);
  }
  return kc;
}

export function connect(target: KubeTarget): KubeConnection {
  const kc = target.kubeConfig ?? loadKubeConfig(target.kubeconfigPath);
  if (target.context) {
    if (!kc.getContextObject(target.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new KubeConfigError(`context "${target.context}" is not in the kubeconfig (contexts: ${known.join(', ') || 'none'}); see kubectl config get-contexts`);
    }
    kc.setCurrentContext(target.context);
  }
  const ctx = kc.getContextObject(kc.getCurrentContext());
  if (!ctx || !kc.getCurrentCluster()) {
    throw new KubeConfigError('no current Kubernetes context: pass --context or run kubectl config use-context NAME');
  }
  const namespace = target.namespace || ctx.namespace || DEFAULT_NAMESPACE;
  const rest = new KubeRest(kc);
  return { kc, rest, context: ctx.name, namespace, server: rest.server, where: `context ${ctx.name}, namespace ${namespace}` };
}
