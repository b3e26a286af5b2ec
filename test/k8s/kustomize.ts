// Renders the kustomize layer exactly as docs/k8s.md tells users (and the kube platform) to:
//   kubectl kustomize k8s/overlays/<name>      (no flag: kustomize's default load restrictor)
// and gives the tests typed access to the objects it produced.

import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const K8S_DIR = join(REPO_ROOT, 'k8s');

/** No --load-restrictor: the scenarios and the plugin come in as components of their own folders. */
export const RENDER_ARGS = ['kustomize'] as const;

/** The command a person types from the repository root, as written in docs/k8s.md. */
export function renderCommand(dir: string): string {
  return `kubectl ${RENDER_ARGS.join(' ')} ${dir}`;
}

export interface Metadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
  [field: string]: unknown;
}

/** Runs kubectl kustomize on a directory (absolute, or relative to the repo root). */
export async function render(dir: string): Promise<K8sObject[]> {
  const result = await execa('kubectl', [...RENDER_ARGS, dir], { cwd: REPO_ROOT, reject: false });
  if (result.exitCode !== 0) {
    throw new Error(`${renderCommand(dir)} failed (exit ${String(result.exitCode)}):\n${result.stderr}`);
  }
  return parseObjects(result.stdout);
}

export function parseObjects(text: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`invalid YAML from kustomize: ${doc.errors[0]?.message ?? ''}`);
    const value: unknown = doc.toJSON();
    if (value === null || value === undefined) continue;
    objects.push(value as K8sObject);
  }
  return objects;
}

/**
 * What a user does to combine the shipped overlays with components: an overlay of their own,
 * elsewhere on disk, that lists ours. Rendered with the same command, then removed.
 */
export async function renderComposed(resources: readonly string[], components: readonly string[]): Promise<K8sObject[]> {
  const dir = await mkdtemp(join(tmpdir(), 'ltop-k8s-'));
  try {
    const rel = (p: string): string => relative(dir, join(REPO_ROOT, p));
    const lines = [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources:',
      ...resources.map((r) => `  - ${rel(r)}`),
      'components:',
      ...components.map((c) => `  - ${rel(c)}`),
      '',
    ];
    await writeFile(join(dir, 'kustomization.yaml'), lines.join('\n'));
    return await render(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface Rendering {
  readonly name: string;
  readonly objects: readonly K8sObject[];
}

/** Every shipped overlay, plus each component added to an overlay the way docs/k8s.md shows. */
export const RENDERINGS: readonly { name: string; resources: readonly string[]; components: readonly string[] }[] = [
  { name: 'k8s/base', resources: ['k8s/base'], components: [] },
  { name: 'k8s/overlays/local', resources: ['k8s/overlays/local'], components: [] },
  { name: 'k8s/overlays/eks', resources: ['k8s/overlays/eks'], components: [] },
  { name: 'local + monitoring', resources: ['k8s/overlays/local'], components: ['k8s/components/monitoring'] },
  {
    name: 'eks + monitoring + eks-internal-nlb',
    resources: ['k8s/overlays/eks'],
    components: ['k8s/components/monitoring', 'k8s/components/eks-internal-nlb'],
  },
  { name: 'local + runtime-image', resources: ['k8s/overlays/local'], components: ['k8s/components/runtime-image'] },
  {
    name: 'eks + monitoring + eks-internal-nlb + runtime-image',
    resources: ['k8s/overlays/eks'],
    components: ['k8s/components/monitoring', 'k8s/components/eks-internal-nlb', 'k8s/components/runtime-image'],
  },
  { name: 'local + matrix-job', resources: ['k8s/overlays/local'], components: ['k8s/components/matrix-job'] },
  {
    name: 'eks + every component',
    resources: ['k8s/overlays/eks'],
    components: ['k8s/components/monitoring', 'k8s/components/eks-internal-nlb', 'k8s/components/runtime-image', 'k8s/components/matrix-job'],
  },
];

/** The matrix-job component removes the workers' HPA: a sweep owns the worker count. */
export function hasWorkerHpa(renderingName: string): boolean {
  return !(RENDERINGS.find((r) => r.name === renderingName)?.components ?? []).includes('k8s/components/matrix-job');
}

let cache: Promise<Rendering[]> | undefined;

/** What a rendering depends on: every file kustomize may read, and the list of renderings. */
async function inputsHash(): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(RENDERINGS));
  for (const dir of ['k8s', 'scenarios', 'runtime']) {
    const entries = await readdir(join(REPO_ROOT, dir), { withFileTypes: true, recursive: true });
    const files = entries
      .filter((e) => e.isFile() && (dir !== 'runtime' || /\.py$|kustomization\.yaml$/.test(e.name)))
      .map((e) => join(e.parentPath, e.name))
      .sort();
    for (const f of files) hash.update(relative(REPO_ROOT, f)).update('\0').update(await readFile(f)).update('\0');
  }
  return hash.digest('hex').slice(0, 20);
}

async function renderEvery(): Promise<Rendering[]> {
  return Promise.all(
    RENDERINGS.map(async (r): Promise<Rendering> => {
      const [only] = r.resources;
      const objects =
        r.components.length === 0 && r.resources.length === 1 && only !== undefined
          ? await render(only)
          : await renderComposed(r.resources, r.components);
      return { name: r.name, objects };
    }),
  );
}

/**
 * Every rendering, once per content of k8s/, scenarios/ and runtime/: each test file runs in
 * its own process, so the result is kept in the temp folder under a hash of those files (a
 * changed file renders afresh).
 */
export function renderAll(): Promise<Rendering[]> {
  cache ??= (async () => {
    const file = join(tmpdir(), `ltop-k8s-renderings-${await inputsHash()}.json`);
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Rendering[];
    } catch {
      const renderings = await renderEvery();
      const tmp = `${file}.${String(process.pid)}`;
      await writeFile(tmp, JSON.stringify(renderings));
      await rename(tmp, file);
      return renderings;
    }
  })();
  return cache;
}

export function find(objects: readonly K8sObject[], kind: string, name: string): K8sObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.name === name);
}

export function get(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const found = find(objects, kind, name);
  if (found === undefined) {
    const have = objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ');
    throw new Error(`no ${kind}/${name} in the rendering (have: ${have})`);
  }
  return found;
}

// Minimal shapes of the fields the tests read. The schema test checks the real shapes.
export interface Probe {
  httpGet?: { path?: string; port: number | string };
  exec?: { command: string[] };
  tcpSocket?: { port: number | string };
}
export interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  fsGroup?: number;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  privileged?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type: string };
}
export interface Container {
  name: string;
  image: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
}
export interface Volume {
  name: string;
  emptyDir?: { medium?: string; sizeLimit?: string };
  configMap?: { name: string; defaultMode?: number };
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
}
export interface PodSpec {
  serviceAccountName?: string;
  restartPolicy?: string;
  automountServiceAccountToken?: boolean;
  terminationGracePeriodSeconds?: number;
  securityContext?: SecurityContext;
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  topologySpreadConstraints?: {
    maxSkew: number;
    topologyKey: string;
    whenUnsatisfiable: string;
    labelSelector?: { matchLabels?: Record<string, string> };
  }[];
}
export interface Deployment extends K8sObject {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: PodSpec };
  };
}

export function deployment(objects: readonly K8sObject[], name: string): Deployment {
  const d = get(objects, 'Deployment', name);
  return d as Deployment;
}

export function deployments(objects: readonly K8sObject[]): Deployment[] {
  return objects.filter((o) => o.kind === 'Deployment') as Deployment[];
}

export interface PodTemplate {
  /** "Deployment/ltop-master", "CronJob/ltop-gate" */
  readonly owner: string;
  readonly metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly spec: PodSpec;
}

/** The pod template of every workload: Deployments, Jobs and CronJobs. */
export function podTemplates(objects: readonly K8sObject[]): PodTemplate[] {
  return objects.flatMap((o): PodTemplate[] => {
    const spec = o['spec'] as Record<string, unknown> | undefined;
    const template =
      o.kind === 'Deployment' || o.kind === 'Job'
        ? spec?.['template']
        : o.kind === 'CronJob'
          ? ((spec?.['jobTemplate'] as { spec?: { template?: unknown } } | undefined)?.spec?.template)
          : undefined;
    if (template === undefined) return [];
    const t = template as { metadata?: PodTemplate['metadata']; spec: PodSpec };
    return [{ owner: `${o.kind}/${o.metadata.name}`, metadata: t.metadata ?? {}, spec: t.spec }];
  });
}

/** Every container of every pod template (init containers included). */
export function allContainers(objects: readonly K8sObject[]): { owner: string; container: Container }[] {
  return podTemplates(objects).flatMap((t) =>
    [...(t.spec.initContainers ?? []), ...t.spec.containers].map((container) => ({ owner: t.owner, container })),
  );
}

export function containerNamed(d: Deployment, name: string): Container {
  const c = d.spec.template.spec.containers.find((x) => x.name === name);
  if (c === undefined) throw new Error(`Deployment/${d.metadata.name} has no container ${name}`);
  return c;
}

export function envOf(c: Container): Record<string, string | undefined> {
  return Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));
}
