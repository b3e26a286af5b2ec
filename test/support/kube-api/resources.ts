// The kinds the test API server serves, and the discovery documents kubectl and client-node read.
// One served version per group (autoscaling serves only v2, as the preferred version).

export interface ResourceDef {
  readonly group: string; // '' for the core group
  readonly version: string;
  readonly resource: string; // plural
  readonly kind: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  readonly subresources?: readonly ('scale' | 'status')[];
  readonly categories?: readonly string[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const RESOURCES: readonly ResourceDef[] = [
  { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false, shortNames: ['ns'], subresources: ['status'] },
  { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] },
  { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true },
  { group: '', version: 'v1', resource: 'services', kind: 'Service', namespaced: true, shortNames: ['svc'], subresources: ['status'] , categories: ['all'] },
  { group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'] },
  { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, shortNames: ['po'], subresources: ['status'] , categories: ['all'] },
  { group: '', version: 'v1', resource: 'nodes', kind: 'Node', namespaced: false, shortNames: ['no'], subresources: ['status'] },
  { group: '', version: 'v1', resource: 'events', kind: 'Event', namespaced: true, shortNames: ['ev'] },
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], subresources: ['scale', 'status'] , categories: ['all'] },
  { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true, shortNames: ['hpa'], subresources: ['status'] , categories: ['all'] },
  { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true, shortNames: ['pdb'], subresources: ['status'] },
  { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true, shortNames: ['netpol'] },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles', kind: 'Role', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings', kind: 'RoleBinding', namespaced: true },
];

export function apiVersionOf(def: ResourceDef): string {
  return def.group === '' ? def.version : `${def.group}/${def.version}`;
}

/** "deployments.apps" / "pods": how the real server names a resource in Status messages. */
export function qualifiedResource(def: ResourceDef): string {
  return def.group === '' ? def.resource : `${def.resource}.${def.group}`;
}

export function findDef(group: string, version: string, resource: string): ResourceDef | undefined {
  return RESOURCES.find((d) => d.group === group && d.version === version && d.resource === resource);
}

export function findDefByKind(apiVersion: string, kind: string): ResourceDef | undefined {
  return RESOURCES.find((d) => apiVersionOf(d) === apiVersion && d.kind === kind);
}

const groups = (): string[] => [...new Set(RESOURCES.filter((d) => d.group !== '').map((d) => d.group))];

export function apiVersions(): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
  };
}

export function apiGroupList(): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups().map((g) => {
      const version = RESOURCES.find((d) => d.group === g)!.version;
      const gv = { groupVersion: `${g}/${version}`, version };
      return { name: g, versions: [gv], preferredVersion: gv };
    }),
  };
}

export function apiResourceList(group: string, version: string): object | undefined {
  const defs = RESOURCES.filter((d) => d.group === group && d.version === version);
  if (defs.length === 0) return undefined;
  const resources: object[] = [];
  for (const d of defs) {
    resources.push({
      name: d.resource,
      singularName: d.kind.toLowerCase(),
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: ALL_VERBS,
      ...(d.shortNames ? { shortNames: d.shortNames } : {}),
      ...(d.categories ? { categories: d.categories } : {}),
    });
    for (const sub of d.subresources ?? []) {
      resources.push(
        sub === 'scale'
          ? { name: `${d.resource}/scale`, singularName: '', namespaced: d.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] }
          : { name: `${d.resource}/status`, singularName: '', namespaced: d.namespaced, kind: d.kind, verbs: ['get', 'patch', 'update'] },
      );
    }
    if (d.resource === 'pods') {
      resources.push({ name: 'pods/portforward', singularName: '', namespaced: true, kind: 'PodPortForwardOptions', verbs: ['create', 'get'] });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group === '' ? version : `${group}/${version}`, resources };
}

export function apiGroup(group: string): object | undefined {
  const d = RESOURCES.find((r) => r.group === group);
  if (!d) return undefined;
  const gv = { groupVersion: `${group}/${d.version}`, version: d.version };
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: [gv], preferredVersion: gv };
}

/** /openapi/v3: where each group-version's document is. */
export function openApiV3Root(): object {
  const gvs = [...new Set(RESOURCES.map((d) => (d.group === '' ? `api/${d.version}` : `apis/${d.group}/${d.version}`)))];
  return { paths: Object.fromEntries(gvs.map((gv) => [gv, { serverRelativeURL: `/openapi/v3/${gv}?hash=ltop-test` }])) };
}

/**
 * One group-version's OpenAPI v3 document, reduced to what kubectl reads from it: the PATCH,
 * PUT and POST operations with their group-version-kind and the `fieldValidation` and `dryRun`
 * query parameters (kubectl then validates server-side, with fieldValidation=Strict). No schemas.
 */
export function openApiV3Doc(path: string): object | undefined {
  const defs = RESOURCES.filter((d) => (d.group === '' ? `api/${d.version}` : `apis/${d.group}/${d.version}`) === path);
  if (defs.length === 0) return undefined;
  const params = ['fieldValidation', 'dryRun', 'fieldManager'].map((name) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } }));
  const paths: Record<string, object> = {};
  for (const d of defs) {
    const gvk = { group: d.group, version: d.version, kind: d.kind };
    const base = `/${path}${d.namespaced ? '/namespaces/{namespace}' : ''}/${d.resource}`;
    paths[base] = { post: { operationId: `create${d.kind}`, 'x-kubernetes-action': 'post', 'x-kubernetes-group-version-kind': gvk, parameters: params, responses: {} } };
    paths[`${base}/{name}`] = {
      patch: { operationId: `patch${d.kind}`, 'x-kubernetes-action': 'patch', 'x-kubernetes-group-version-kind': gvk, parameters: [...params, { name: 'force', in: 'query', schema: { type: 'boolean' } }], responses: {} },
      put: { operationId: `replace${d.kind}`, 'x-kubernetes-action': 'put', 'x-kubernetes-group-version-kind': gvk, parameters: params, responses: {} },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.31.0' }, paths, components: { schemas: {} } };
}
