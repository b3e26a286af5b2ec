// Every object of every rendering is valid against the Kubernetes schemas, offline.
// What the schemas cannot see (unknown fields of the ServiceMonitor CRD) is checked
// structurally here; `kubectl apply --dry-run=client` needs an API server and is not run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployment, renderAll, render } from './kustomize.js';
import type { K8sObject } from './kustomize.js';
import { schemaErrors, unknownFields } from './schema.js';

test('every rendered object is valid against its Kubernetes schema and has no unknown fields', async () => {
  const problems: string[] = [];
  let checked = 0;
  for (const { name, objects } of await renderAll()) {
    for (const o of objects) {
      const id = `${name}: ${o.kind}/${o.metadata.name}`;
      for (const e of schemaErrors(o)) problems.push(`${id}: ${e}`);
      for (const f of unknownFields(o)) problems.push(`${id}: unknown field ${f}`);
      checked += 1;
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(checked >= 5 * 12, `checked ${String(checked)} objects`);
});

test('the validators catch what the API server would reject or silently drop', async () => {
  const objects = await render('k8s/base');
  const base = deployment(objects, 'ltop-master');
  const broken = structuredClone(base) as unknown as {
    spec: { template: { spec: { containers: Record<string, unknown>[] } } };
  };
  const container = broken.spec.template.spec.containers[0];
  assert.ok(container);
  container['ports'] = [{ name: 'web', containerPort: '8089' }];
  const securityContext = container['securityContext'] as Record<string, unknown>;
  securityContext['readOnlyRootFileSystem'] = true; // typo: the real field is readOnlyRootFilesystem
  const asObject = broken as unknown as K8sObject;

  assert.match(schemaErrors(asObject).join('\n'), /containerPort must be integer/);
  assert.deepEqual(unknownFields(asObject), ['.spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem']);
  assert.match(schemaErrors({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }).join(''), /no schema/);
});

// The ServiceMonitor schema (a CRD) allows any extra field: check its shape by hand.
const SERVICE_MONITOR_FIELDS: Record<string, readonly string[]> = {
  '': ['apiVersion', 'kind', 'metadata', 'spec'],
  spec: ['selector', 'namespaceSelector', 'endpoints', 'jobLabel'],
  endpoint: ['port', 'path', 'interval', 'scrapeTimeout', 'scheme', 'honorLabels', 'relabelings', 'metricRelabelings'],
};

test('ServiceMonitors use only fields the Prometheus Operator knows', async () => {
  for (const { name, objects } of await renderAll()) {
    for (const sm of objects.filter((o) => o.kind === 'ServiceMonitor')) {
      const spec = sm['spec'] as Record<string, unknown> & { endpoints: Record<string, unknown>[] };
      const unknown = [
        ...Object.keys(sm).filter((k) => !SERVICE_MONITOR_FIELDS['']?.includes(k)),
        ...Object.keys(spec).filter((k) => !SERVICE_MONITOR_FIELDS['spec']?.includes(k)).map((k) => `spec.${k}`),
        ...spec.endpoints.flatMap((e, i) =>
          Object.keys(e)
            .filter((k) => !SERVICE_MONITOR_FIELDS['endpoint']?.includes(k))
            .map((k) => `spec.endpoints[${String(i)}].${k}`),
        ),
      ];
      assert.deepEqual(unknown, [], `${name}: ServiceMonitor/${sm.metadata.name}`);
      assert.ok(spec.endpoints.length > 0);
    }
  }
});
