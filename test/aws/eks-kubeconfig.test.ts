// The KubeConfig ltop builds for EKS, used by the kube platform's own REST client against the
// test API server: the signed token is what reaches the server, and a new one after 14 minutes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Cluster } from '@aws-sdk/client-eks';
import { KubeRest } from '../../src/platforms/kube/rest.js';
import { clusterModel } from '../../src/aws/eks-model.js';
import { kubeConfigFor } from '../../src/aws/eks-kubeconfig.js';
import { EksTokenSource, presignEksToken } from '../../src/aws/eks-token.js';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api/index.js';

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const T0 = new Date('2026-12-01T09:00:00Z');
const recorded = JSON.parse(readFileSync(new URL('fixtures/describe-cluster.json', import.meta.url), 'utf8')).cluster as Cluster;

let api: KubeApiServer;
let expected: string;

before(async () => {
  expected = (await presignEksToken({ clusterName: 'ltop-demo', region: 'eu-central-1', credentials: KEYS, now: T0 })).token;
  api = await startKubeApiServer({ token: expected });
});
after(async () => {
  await api?.close();
});

test('requests through the kube platform client carry the EKS token; after 14 minutes a new one', async () => {
  let now = T0;
  const tokens = new EksTokenSource({ clusterName: 'ltop-demo', region: 'eu-central-1', credentials: async () => KEYS, clock: () => now });
  const cluster = { ...clusterModel(recorded), endpoint: api.url };
  const kc = kubeConfigFor(cluster, recorded.certificateAuthority!.data!, tokens, 'ltop');
  assert.equal(kc.getCurrentCluster()?.skipTLSVerify, false, 'EKS is verified against its CA');
  // the test API server speaks plain HTTP on loopback, which client-node allows only without TLS checks
  kc.clusters = kc.clusters.map((c) => ({ ...c, skipTLSVerify: true }));
  const rest = new KubeRest(kc);
  const list = await rest.request<{ items: unknown[] }>('GET', '/api/v1/namespaces');
  assert.ok(Array.isArray(list.items), 'the API server accepted the signed token');
  now = new Date(T0.getTime() + 14 * 60_000);
  await assert.rejects(rest.request('GET', '/api/v1/namespaces'), (e: { code?: number }) => e.code === 401, 'a fresh token, which this server (knowing only the first) refuses');
});
