// `kubectl apply -k k8s/overlays/local`, typed as docs/k8s.md writes it (from the repository
// root, no flag), against the test API server (test/support/kube-api): every object of the
// overlay is created, the generated ConfigMaps the pods mount among them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { startCluster } from '../kube/helpers.js';
import { REPO_ROOT, render } from './kustomize.js';

test('kubectl apply -k k8s/overlays/local creates every object of the overlay, no flag needed', async () => {
  const expected = (await render('k8s/overlays/local')).map((o) => `${o.kind}/${o.metadata.name}`);
  const c = await startCluster();
  try {
    const apply = await execa('/usr/bin/kubectl', ['--kubeconfig', c.kubeconfig, '--cache-dir', `${c.dir}/cache`, 'apply', '-k', 'k8s/overlays/local'], {
      cwd: REPO_ROOT,
      reject: false,
      timeout: 30_000,
    });
    assert.equal(apply.exitCode, 0, apply.stderr);
    const created = [...apply.stdout.matchAll(/^(\S+)\/(\S+) created$/gm)].map((m) => m[2] ?? '');
    assert.equal(created.length, expected.length, apply.stdout);
    for (const id of expected) {
      const name = id.split('/')[1] ?? '';
      assert.ok(created.includes(name), `${id} created`);
    }
    const cms = await c.kubectl(['get', 'configmaps', '-n', 'ltop', '-o', 'name']);
    assert.match(cms.stdout, /^configmap\/ltop-scenarios-[a-z0-9]{10}$/m);
    assert.match(cms.stdout, /^configmap\/ltop-runtime-[a-z0-9]{10}$/m);
  } finally {
    await c.close();
  }
});
