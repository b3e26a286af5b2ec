// Kubernetes RBAC's rule matching for one namespaced Role (what the API server's authorizer
// decides for a request), for checking a Role against the requests ltop really makes. Only the
// parts a Role uses: apiGroups, resources ("pods", "deployments/scale"), resourceNames, verbs.

export interface PolicyRule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly verbs: readonly string[];
}

export interface ApiRequest {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
}

const has = (list: readonly string[] | undefined, value: string): boolean => !!list && (list.includes('*') || list.includes(value));

export function allows(rules: readonly PolicyRule[], r: ApiRequest): boolean {
  const resource = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
  return rules.some(
    (rule) =>
      has(rule.apiGroups, r.group) &&
      has(rule.resources, resource) &&
      has(rule.verbs, r.verb) &&
      // resourceNames restrict to named objects: a list/watch (no name) never matches them
      (rule.resourceNames === undefined || rule.resourceNames.length === 0 || (r.name !== undefined && rule.resourceNames.includes(r.name))),
  );
}

/** "/apis/apps/v1/namespaces/ltop/deployments/ltop-worker/scale" + verb -> the request's attributes */
export function parseApiPath(verb: string, path: string): ApiRequest | undefined {
  const parts = path.split('/').filter(Boolean);
  let rest: string[];
  let group: string;
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1] ?? '';
    rest = parts.slice(3);
  } else return undefined; // discovery, /version, /openapi: open to every authenticated user
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest;
  if (resource === undefined) return undefined;
  return { verb, group, resource, ...(name ? { name } : {}), ...(subresource ? { subresource } : {}), ...(namespace ? { namespace } : {}) };
}
