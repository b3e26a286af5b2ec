// A small evaluator of Kubernetes NetworkPolicy semantics, to ask a rendering "can A reach
// B on port P?" the way a CNI that enforces NetworkPolicy would answer:
//  - a pod selected by a policy with policyTypes Ingress (Egress) only accepts (sends) what
//    some such policy's rules allow; a pod no policy selects is open;
//  - a connection needs the source's egress AND the destination's ingress to allow it;
//  - podSelector alone = pods of the policy's namespace; namespaceSelector (+ podSelector)
//    = pods of matching namespaces; ipBlock = addresses outside the cluster (pod addresses
//    are not matched by ipBlock, as with Cilium and most CNIs).
// IPv4 and numeric ports only (the manifests use numeric ports in policies).

import type { K8sObject } from './kustomize.js';

export interface Pod {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}
export interface External {
  readonly ip: string;
}
export type Endpoint = Pod | External;

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}
interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface Rule {
  ports?: { port?: number | string; protocol?: string; endPort?: number }[];
  from?: Peer[];
  to?: Peer[];
}
interface NetworkPolicy extends K8sObject {
  spec: { podSelector: LabelSelector; policyTypes?: string[]; ingress?: Rule[]; egress?: Rule[] };
}

export function matches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const value = labels[e.key];
    const ok =
      e.operator === 'Exists'
        ? has
        : e.operator === 'DoesNotExist'
          ? !has
          : e.operator === 'In'
            ? has && (e.values ?? []).includes(value ?? '')
            : !has || !(e.values ?? []).includes(value ?? '');
    if (!ok) return false;
  }
  return true;
}

function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not IPv4: ${ip}`);
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const size = 2 ** (32 - bits);
  const start = Math.floor(ipToInt(base ?? '') / size) * size;
  const value = ipToInt(ip);
  return value >= start && value < start + size;
}

const isPod = (e: Endpoint): e is Pod => 'namespace' in e;
const namespaceLabels = (ns: string): Record<string, string> => ({ 'kubernetes.io/metadata.name': ns });

function peerMatches(peer: Peer, policyNamespace: string, other: Endpoint): boolean {
  if (peer.ipBlock) {
    if (isPod(other)) return false;
    return inCidr(other.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(other.ip, c));
  }
  if (!isPod(other)) return false;
  if (peer.namespaceSelector) {
    if (!matches(peer.namespaceSelector, namespaceLabels(other.namespace))) return false;
  } else if (other.namespace !== policyNamespace) {
    return false;
  }
  return peer.podSelector === undefined || matches(peer.podSelector, other.labels);
}

function portMatches(rule: Rule, port: number, protocol: string): boolean {
  if (rule.ports === undefined || rule.ports.length === 0) return true;
  return rule.ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port !== 'number') throw new Error(`named port ${p.port} in a NetworkPolicy: use numbers`);
    return p.endPort === undefined ? p.port === port : port >= p.port && port <= p.endPort;
  });
}

function side(
  policies: readonly NetworkPolicy[],
  pod: Pod,
  direction: 'Ingress' | 'Egress',
  other: Endpoint,
  port: number,
  protocol: string,
): boolean {
  const selecting = policies.filter(
    (p) =>
      (p.metadata.namespace ?? 'default') === pod.namespace &&
      (p.spec.policyTypes ?? ['Ingress']).includes(direction) &&
      matches(p.spec.podSelector, pod.labels),
  );
  if (selecting.length === 0) return true;
  return selecting.some((p) =>
    ((direction === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []).some((rule) => {
      const peers = direction === 'Ingress' ? rule.from : rule.to;
      const peerOk = peers === undefined || peers.length === 0 || peers.some((peer) => peerMatches(peer, pod.namespace, other));
      return peerOk && portMatches(rule, port, protocol);
    }),
  );
}

/** Can `from` open a connection to `to` on port/protocol under the rendering's NetworkPolicies? */
export function allowed(objects: readonly K8sObject[], from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): boolean {
  const policies = objects.filter((o): o is NetworkPolicy => o.kind === 'NetworkPolicy');
  const egressOk = !isPod(from) || side(policies, from, 'Egress', to, port, protocol);
  const ingressOk = !isPod(to) || side(policies, to, 'Ingress', from, port, protocol);
  return egressOk && ingressOk;
}
