// `ltop down` when the cluster's Kubernetes API cannot be reached (the caller's IP left the
// endpoint's allow-list, or the API is already gone): the real terraform on the fixture stack,
// moto for AWS, and an API address on loopback where nothing listens. The destroy must still
// run and the orphan check after it, and the down must start no log feed nor cost meter.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { connectEks } from '../../src/aws/connect.js';
import { downCommand } from '../../src/cli/commands/down.js';
import { createEksPlatform, type EksConnect } from '../../src/platforms/eks/index.js';
import { freePort } from '../kube/locust.js';
import { repoRoot } from '../support/cli.js';
import { motoForTests } from '../support/moto.js';
import { recordingIo } from './recording-io.js';

const REGION = 'eu-central-1';
const NAME = 'ltop-gone';
const FIXTURES = path.join(repoRoot, 'test', 'eks', 'fixtures');

describe('ltop down with the Kubernetes API unreachable', () => {
  motoForTests();

  it('says why the Services were not deleted, destroys the stack, runs the orphan check (exit 0), and starts no feeds', async () => {
    const stackDir = mkdtempSync(path.join(tmpdir(), 'ltop-eks-gone-'));
    cpSync(path.join(FIXTURES, 'stack'), stackDir, { recursive: true });
    const varFile = path.join(stackDir, 'gone.tfvars');
    writeFileSync(varFile, `region = "${REGION}"\nname = "${NAME}"\nendpoint_public_access_cidrs = ["127.0.0.1/32"]\n`);
    const closed = await freePort(); // nothing listens there: the API refuses like a dropped allow-list would
    const connect: EksConnect = async (where) => {
      const session = await connectEks(where);
      session.connection.kc.clusters = session.connection.kc.clusters.map((entry) => ({ ...entry, server: `https://127.0.0.1:${closed}`, skipTLSVerify: true, caData: undefined }));
      return session;
    };
    const options = {
      stackDir,
      varFile,
      connect,
      env: { ...process.env, TF_VAR_ltop_node: process.execPath, TF_VAR_moto_script: path.join(FIXTURES, 'moto-cluster.mjs') },
      loadBalancerWaitMs: 10_000,
      orphanSettleMs: 2_000,
      kube: { readyTimeoutMs: 20_000 },
    };
    await createEksPlatform(options, () => undefined).infra.provision(() => undefined);

    // attaching meanwhile: the notice gives EKS's next step (the allow-list), not a kubeconfig context
    const notices: string[] = [];
    const attaching = createEksPlatform(options, (event) => void (event.type === 'platform/notice' && notices.push(event.message)));
    await assert.rejects(attaching.start({ kind: 'bundled', name: 'jsonplaceholder' }));
    await attaching.detach();
    const unreachable = notices.find((message) => /Kubernetes API server is unreachable/.test(message));
    assert.ok(unreachable, notices.join('\n'));
    assert.match(unreachable, new RegExp(`allow-list: re-apply it with ltop up --api-cidr <your IP>/32, and see what the endpoint allows with aws eks describe-cluster --name ${NAME} --region ${REGION}`));
    assert.doesNotMatch(unreachable, /current-context/);

    const io = recordingIo();
    const code = await downCommand({ ...options, yes: true }, io);
    assert.equal(code, 0, io.all.join('\n'));
    const skipped = io.all.findIndex((line) => /cannot reach the cluster \(.*ECONNREFUSED 127\.0\.0\.1:\d+\): LoadBalancer Services not deleted; the orphan check after the destroy lists their load balancers/.test(line));
    assert.ok(skipped >= 0, `the fallback names the cause:\n${io.all.join('\n')}`);
    const destroyed = io.lines.findIndex((line) => /^destroy: destroyed terraform_data\.cluster/.test(line));
    assert.ok(destroyed > skipped, `terraform destroy ran after it:\n${io.all.join('\n')}`);
    assert.equal(io.lines.at(-1), `nothing left in AWS for stack ${NAME} (cluster ${NAME}) in ${REGION}`);
    assert.ok(!io.all.some((line) => /cost meter|CloudWatch|pods' logs/i.test(line)), `no log feed nor cost meter during a destroy:\n${io.all.join('\n')}`);
    const eks = new EKSClient({ region: REGION });
    assert.deepEqual((await eks.send(new ListClustersCommand({}))).clusters, []);
    eks.destroy();
  });
});
