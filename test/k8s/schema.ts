// Offline validation of rendered objects against the Kubernetes API:
//  - types, required fields, formats and enums: the JSON schemas shipped (precompiled with
//    ajv) by `kubernetes-models` and, for the Prometheus Operator's ServiceMonitor CRD, by
//    `@kubernetes-models/prometheus-operator`;
//  - unknown fields (a typo such as `readOnlyRootFileSystem` that the API server would drop
//    or reject): those schemas allow extra properties, so every field name is also looked up
//    in the API model's attribute map of `@kubernetes/client-node`.

import * as k8s from '@kubernetes/client-node';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { K8sObject } from './kustomize.js';

interface Validatable {
  validate(): void;
}
type ModelFactory = (data: K8sObject) => Validatable;

// `new X(data)` of kubernetes-models takes the object without apiVersion/kind (it adds them).
// The data is unchecked until validate() runs, so it is passed untyped (`never` fits any
// constructor's parameter).
const strip = ({ apiVersion: _a, kind: _k, ...rest }: K8sObject): never => rest as never;

interface Schema {
  readonly model: ModelFactory;
  /** @kubernetes/client-node model for the unknown-field check; CRDs have none */
  readonly clientModel?: string;
}

export const SCHEMAS: ReadonlyMap<string, Schema> = new Map<string, Schema>([
  ['v1/Namespace', { model: (o) => new Namespace(strip(o)), clientModel: 'V1Namespace' }],
  ['v1/ServiceAccount', { model: (o) => new ServiceAccount(strip(o)), clientModel: 'V1ServiceAccount' }],
  ['v1/ConfigMap', { model: (o) => new ConfigMap(strip(o)), clientModel: 'V1ConfigMap' }],
  ['v1/Service', { model: (o) => new Service(strip(o)), clientModel: 'V1Service' }],
  ['apps/v1/Deployment', { model: (o) => new Deployment(strip(o)), clientModel: 'V1Deployment' }],
  [
    'autoscaling/v2/HorizontalPodAutoscaler',
    { model: (o) => new HorizontalPodAutoscaler(strip(o)), clientModel: 'V2HorizontalPodAutoscaler' },
  ],
  ['networking.k8s.io/v1/NetworkPolicy', { model: (o) => new NetworkPolicy(strip(o)), clientModel: 'V1NetworkPolicy' }],
  ['policy/v1/PodDisruptionBudget', { model: (o) => new PodDisruptionBudget(strip(o)), clientModel: 'V1PodDisruptionBudget' }],
  ['v1/PersistentVolumeClaim', { model: (o) => new PersistentVolumeClaim(strip(o)), clientModel: 'V1PersistentVolumeClaim' }],
  ['batch/v1/Job', { model: (o) => new Job(strip(o)), clientModel: 'V1Job' }],
  ['batch/v1/CronJob', { model: (o) => new CronJob(strip(o)), clientModel: 'V1CronJob' }],
  ['rbac.authorization.k8s.io/v1/Role', { model: (o) => new Role(strip(o)), clientModel: 'V1Role' }],
  ['rbac.authorization.k8s.io/v1/RoleBinding', { model: (o) => new RoleBinding(strip(o)), clientModel: 'V1RoleBinding' }],
  ['monitoring.coreos.com/v1/ServiceMonitor', { model: (o) => new ServiceMonitor(strip(o)) }],
]);

/** Schema violations of one object, as "path message" lines; [] when valid. */
export function schemaErrors(o: K8sObject): string[] {
  const schema = SCHEMAS.get(`${o.apiVersion}/${o.kind}`);
  if (schema === undefined) return [`no schema for ${o.apiVersion}/${o.kind}: add one to test/k8s/schema.ts`];
  try {
    schema.model(o).validate();
    return [];
  } catch (e) {
    return [e instanceof Error ? e.message : String(e)];
  }
}

interface AttributeType {
  name: string;
  baseName: string;
  type: string;
}
interface ClientModel {
  getAttributeTypeMap(): AttributeType[];
}

const clientModels = k8s as unknown as Record<string, unknown>;

function clientModel(name: string): ClientModel | undefined {
  const m = clientModels[name];
  if (typeof m === 'function' && typeof (m as Partial<ClientModel>).getAttributeTypeMap === 'function') {
    return m as unknown as ClientModel;
  }
  return undefined;
}

/** Paths of fields the Kubernetes API does not know, e.g. ".spec.template.spec.containers[0].imagePull". */
export function unknownFields(o: K8sObject): string[] {
  const schema = SCHEMAS.get(`${o.apiVersion}/${o.kind}`);
  if (schema?.clientModel === undefined) return [];
  const found: string[] = [];
  walk(o, schema.clientModel, '', found);
  return found;
}

function walk(value: unknown, type: string, path: string, found: string[]): void {
  if (value === null || value === undefined) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array?.[1] !== undefined) {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, array[1] ?? '', `${path}[${String(i)}]`, found));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map?.[1] !== undefined) {
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, map[1], `${path}[${JSON.stringify(k)}]`, found);
    }
    return;
  }
  const model = clientModel(type);
  if (model === undefined || typeof value !== 'object' || Array.isArray(value)) return; // scalars, IntOrString, any
  const attributes = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [key, child] of Object.entries(value)) {
    const childType = attributes.get(key);
    if (childType === undefined) found.push(`${path}.${key}`);
    else walk(child, childType, `${path}.${key}`, found);
  }
}
