// EKS through the real SDK against moto_server: status, node groups, the poller keeping its last
// good model through a failure, and the KubeConfig built from DescribeCluster.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EKSClient } from '@aws-sdk/client-eks';
import { fetchEksInfra, EksClusterNotFound } from '../../src/aws/eks-status.js';
import { EksInfraPoller, EKS_POLL_MIN_MS, eksInfraFetcher, nextDelayMs, type EksInfraReading } from '../../src/aws/eks-poller.js';
import { eksKubeConfig } from '../../src/aws/eks-kubeconfig.js';
import { decodeEksToken } from '../../src/aws/eks-token.js';
import { resolveAwsContext } from '../../src/aws/context.js';
import { connectEks } from '../../src/aws/connect.js';
import { motoForTests } from '../support/moto.js';
import { eventually } from '../support/wait.js';
import { REGION, STACK, seedCluster } from './seed.js';

const moto = motoForTests({ resetEach: true });
let eks: EKSClient;

before(async () => {
  eks = new EKSClient((await resolveAwsContext({ region: REGION })).clientConfig);
});
after(() => eks?.destroy());

test('the SDK reaches moto through AWS_ENDPOINT_URL alone, and the status lists both node groups', async () => {
  await seedCluster(eks);
  const m = await fetchEksInfra(eks, STACK);
  assert.equal(m.region, REGION);
  assert.equal(m.cluster.status, 'ACTIVE');
  assert.deepEqual(m.nodeGroups.map((g) => `${g.name} ${g.capacityType} ${g.desired}/${g.min}/${g.max}`), ['system ON_DEMAND 1/1/2', 'workers SPOT 2/1/6']);
});

test('a cluster that does not exist says so with the region and the next step', async () => {
  await assert.rejects(fetchEksInfra(eks, 'nope'), (err: Error) => err instanceof EksClusterNotFound && /no EKS cluster "nope" in eu-central-1: run ltop up/.test(err.message));
});

test('the poller keeps the last good model when a call fails, carries the cause, and recovers', async () => {
  await seedCluster(eks);
  const readings: EksInfraReading[] = [];
  const poller = new EksInfraPoller({ fetch: eksInfraFetcher(eks, STACK), onReading: (r) => readings.push(r), intervalMs: 60_000 }); // no timed tick during the test: each step is a refresh()
  poller.start();
  try {
    const first = await eventually(() => readings.find((r) => r.model), 'a first model', 20_000);
    assert.equal(first.model!.nodeGroups.length, 2);
    await moto().reset(); // the cluster is gone: DescribeCluster fails
    const failed = await poller.refresh();
    assert.match(failed.error ?? '', /EKS status: no EKS cluster "ltop-demo"/);
    assert.equal(failed.failures, 1);
    assert.equal(failed.model, first.model, 'the panel keeps what it showed');
    await seedCluster(eks);
    const back = await poller.refresh();
    assert.equal(back.error, undefined);
    assert.equal(back.model!.nodeGroups.length, 2);
  } finally {
    poller.stop();
  }
});

test('the refresh rate is bounded and backs off after failures', () => {
  assert.equal(nextDelayMs(1, 0), EKS_POLL_MIN_MS);
  assert.equal(nextDelayMs(15_000, 0), 15_000);
  assert.equal(nextDelayMs(15_000, 1), 30_000);
  assert.equal(nextDelayMs(15_000, 9), 120_000);
});

test('DescribeCluster becomes a loaded KubeConfig whose requests carry a fresh EKS token', async () => {
  await seedCluster(eks);
  const ctx = await resolveAwsContext({ region: REGION });
  const conn = await eksKubeConfig({ eks, clusterName: STACK, credentials: ctx.credentials, namespace: 'ltop' });
  const cluster = conn.kc.getCurrentCluster()!;
  assert.equal(cluster.server, conn.cluster.endpoint);
  assert.match(cluster.server, /^https:\/\/.+\.eu-central-1\.eks\.amazonaws\.com\/?$/);
  assert.ok(cluster.caData && cluster.caData.length > 100, 'CA from certificateAuthority.data');
  assert.equal(conn.kc.getContextObject(conn.context)?.namespace, 'ltop');
  assert.equal(conn.context, 'arn:aws:eks:eu-central-1:123456789012:cluster/ltop-demo');
  const opts: { headers?: Record<string, string> } = {};
  await conn.kc.applyToHTTPSOptions(opts as never);
  const bearer = opts.headers?.Authorization ?? '';
  assert.match(bearer, /^Bearer k8s-aws-v1\./);
  const url = decodeEksToken(bearer.slice('Bearer '.length));
  assert.equal(url.host, 'sts.eu-central-1.amazonaws.com', 'the real STS host even with AWS_ENDPOINT_URL: EKS verifies it there');
  assert.equal(url.searchParams.get('X-Amz-SignedHeaders'), 'host;x-k8s-aws-id');
  assert.match(url.searchParams.get('X-Amz-Credential') ?? '', /^testing\/\d{8}\/eu-central-1\/sts\/aws4_request$/);
  assert.equal(conn.cluster.endpointAccess.publicCidrs[0], '203.0.113.7/32');
});

test('connectEks: region from the tfvars, credentials proved, the KubeConfig ready for the kube platform', async () => {
  await seedCluster(eks);
  const s = await connectEks({ tfvarsRegion: REGION, clusterName: STACK, namespace: 'ltop' });
  try {
    assert.equal(s.aws.regionSource, 'tfvars');
    assert.equal(s.identity.account, '123456789012');
    assert.equal(s.connection.cluster.name, STACK);
    assert.equal(s.connection.kc.getCurrentCluster()?.server, s.connection.cluster.endpoint);
  } finally {
    s.eks.destroy();
  }
  await assert.rejects(connectEks({ tfvarsRegion: REGION, clusterName: 'absent' }), /no EKS cluster "absent" in eu-central-1/);
});
