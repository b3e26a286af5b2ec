// The eks platform end to end: the fixture stack (terraform_data, creating the EKS cluster in
// moto) run by the real terraform, moto for every AWS call (credentials, DescribeCluster, the
// node groups, the orphan check), the test API server for Kubernetes, and a real Locust master
// and workers behind the port-forward. The one seam: `connect` runs the real connectEks against
// moto, then points the KubeConfig at the test API server (moto's endpoint is fake).
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeClusterCommand, EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { downCommand } from '../../src/cli/commands/down.js';
import { upCommand, type UpOptions } from '../../src/cli/commands/up.js';
import { startDemoTarget } from '../../src/demo/server.js';
import { createEksPlatform, type EksConnect } from '../../src/platforms/eks/index.js';
import { findLocust } from '../../src/platforms/local/locust-binary.js';
import type { InfraProgress, InfraResource } from '../../src/platforms/platform.js';
import { Session } from '../../src/session/session.js';
import { initialState } from '../../src/state/state.js';
import { createStore } from '../../src/state/store.js';
import { startCluster, type Cluster } from '../kube/helpers.js';
import { freePort } from '../kube/locust.js';
import { ltop, repoRoot } from '../support/cli.js';
import { motoForTests } from '../support/moto.js';
import { connectToTestServer, fixtureStack } from './fixture-stack.js';
import { recordingIo } from './recording-io.js';
import { eventually } from '../support/wait.js';

const REGION = 'eu-central-1';
const NAME = 'ltop-e2e';

describe('eks platform: up, attach, swarm, down, orphan check (terraform fixture, moto, test API server, real Locust)', () => {
  const moto = motoForTests();
  let cluster: Cluster;
  let target: Awaited<ReturnType<typeof startDemoTarget>>;
  const locust: ReturnType<typeof execa>[] = [];
  let options: UpOptions;

  before(async () => {
    target = await startDemoTarget();
    const webPort = await freePort();
    const zmqPort = await freePort();
    const env = { PYTHONPATH: path.join(repoRoot, 'runtime'), LOCUST_SCENARIO: 'jsonplaceholder', PYTHONDONTWRITEBYTECODE: '1' };
    const locustfile = path.join(repoRoot, 'scenarios', 'locustfile.py');
    locust.push(execa(findLocust(), ['-f', locustfile, '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', String(zmqPort), '--web-host', '127.0.0.1', '--web-port', String(webPort)], { env, reject: false, stdin: 'ignore' }));
    for (let index = 0; index < 2; index++) {
      locust.push(execa(findLocust(), ['-f', locustfile, '--worker', '--master-host', '127.0.0.1', '--master-port', String(zmqPort)], { env, reject: false, stdin: 'ignore' }));
    }
    cluster = await startCluster({
      portTarget: (_namespace, pod, port) => (pod.startsWith('ltop-master-') && port === 8089 ? { host: '127.0.0.1', port: webPort } : undefined),
    });
    // the stack directory gets Terraform's state: a copy per run, never the fixture itself
    const { stackDir, varFile, env: stackEnv } = fixtureStack('ltop-eks-stack-', 'e2e.tfvars', REGION, NAME);
    const connect = connectToTestServer(() => cluster.server.url);
    options = {
      stackDir,
      varFile,
      connect,
      scenario: { kind: 'bundled', name: 'jsonplaceholder' },
      env: stackEnv,
      expectedWorkers: 2,
      loadBalancerWaitMs: 10_000,
      orphanSettleMs: 2_000,
      kube: { readyTimeoutMs: 20_000 },
    };
    await eventually(async () => (await fetch(`http://127.0.0.1:${webPort}/stats/requests`).catch(() => null))?.ok, 'the Locust master', 30_000, 100);
  });

  after(async () => {
    for (const child of locust) child.kill('SIGTERM');
    await Promise.all(locust.map((child) => child.catch(() => undefined)));
    await cluster?.close();
    await target?.close();
  });

  it('ltop up without --yes and without a terminal refuses with exit 2 and creates nothing', async () => {
    const result = await ltop(['up', '--platform', 'eks'], { env: { ...process.env, ...moto().env } });
    assert.equal(result.exitCode, 2, result.stderr);
    assert.match(result.stderr, /not a terminal.*pass --yes/);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });

  it('up: the cost first, then terraform progress, then the outputs read and the swarm deployed', async () => {
    const io = recordingIo();
    const code = await upCommand({ ...options, yes: true }, io);
    assert.equal(code, 0, io.all.join('\n'));
    const estimateAt = io.all.findIndex((line) => line.startsWith(`Estimate for ${REGION}`));
    const firstProgress = io.all.findIndex((line) => line.startsWith('provision '));
    assert.ok(estimateAt >= 0 && estimateAt < firstProgress, `the estimate comes before provisioning:\n${io.all.join('\n')}`);
    assert.ok(io.lines.some((line) => /^total\s+\$\d+\.\d{4}/.test(line)), 'the estimate has a total per hour');
    assert.ok(io.lines.some((line) => /provision aws: arn:aws:\S+ in eu-central-1/.test(line)), 'credentials proven first');
    assert.ok(io.lines.some((line) => /^provision: creating terraform_data\.cluster · apply 1\/3 33%$/.test(line)), io.lines.join('\n'));
    assert.ok(io.lines.some((line) => /created terraform_data\.log_groups .*apply 3\/3 100%/.test(line)), io.lines.join('\n'));
    assert.ok(io.lines.some((line) => line.includes(`stack ready: cluster ${NAME} in ${REGION}`)));
    assert.ok(io.lines.some((line) => line.startsWith(`deployed to eks cluster ${NAME} in ${REGION}, namespace ltop: 2 worker(s)`)), io.lines.join('\n'));
    assert.ok(io.lines.some((line) => line.startsWith('open the cockpit: ltop --platform eks')));
    assert.ok(!existsSync(path.join(options.stackDir!, '.ltop', 'ltop.tfplan')), 'the saved plan (variables in clear text) is gone once applied');
    // the apply made the cluster in (moto's) AWS, and ltop deployed the eks overlay into Kubernetes
    const eks = new EKSClient({ region: REGION });
    assert.equal((await eks.send(new DescribeClusterCommand({ name: NAME }))).cluster?.status, 'ACTIVE');
    eks.destroy();
    const deployments = await cluster.kubectl(['get', 'deployments', '-n', 'ltop', '-o', 'name']);
    assert.match(deployments.stdout, /deployment\.apps\/ltop-master/);
  });

  it('a later ltop --platform eks attaches, shows the cluster and node group, swarms, and saves results', async () => {
    const results = mkdtempSync(path.join(tmpdir(), 'ltop-eks-results-'));
    const store = createStore(initialState({ platform: 'eks', where: 'eks', scenario: 'jsonplaceholder', targetHost: target.url, expectedWorkers: 2, lastSwarm: { users: 2, spawnRate: 2 }, now: Date.now() }), 50);
    let resources: readonly InfraResource[] = [];
    const platform = createEksPlatform({ ...options }, (event) => {
      if (event.type === 'platform/resources') resources = event.resources;
      store.dispatch(event);
    });
    const session = new Session({ platform, store, scenario: options.scenario, resultsRoot: results, ltopVersion: 'test', targetHost: target.url });
    try {
      assert.ok(await session.start(), store.getState().fatal ?? '');
      assert.match(store.getState().logs.map((line) => line.line).join('\n'), /attached to the test already running/);
      assert.equal(platform.confirmName, NAME);
      await eventually(() => resources.some((row) => row.kind === 'EKS' && row.name === NAME && row.status === 'ACTIVE'), 'the EKS cluster row', 10_000, 50);
      await eventually(() => resources.some((row) => row.kind === 'NodeGroup' && row.name === 'workers' && /2\/1\/4 c6i\.large ON_DEMAND/.test(row.detail ?? '')), 'the node group row', 10_000, 50);
      await eventually(() => resources.some((row) => row.kind === 'Deployment'), 'the kube rows next to the EKS rows', 10_000, 50);
      const swarmedAt = Date.now();
      assert.ok(await session.swarm(2, 2));
      await eventually(() => {
        const state = store.getState().locust;
        return state !== null && state.at > swarmedAt && state.state === 'running' && state.total.requests > 0;
      }, 'requests of this swarm', 20_000, 100);
      const saved = await session.shutdown('detach');
      assert.ok(saved && saved.summary.totals.requests > 0);
      assert.ok(existsSync(path.join(saved.dir, 'summary.json')), `results on disk in ${saved.dir}: ${readdirSync(saved.dir).join(', ')}`);
    } finally {
      store.close();
    }
  });

  it('down: the LoadBalancer Service goes first, then ltop\'s objects, terraform destroy, and a clean orphan check (exit 0)', async () => {
    const lb = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-nlb', namespace: 'ltop' }, spec: { type: 'LoadBalancer', selector: { app: 'x' }, ports: [{ port: 80 }] } };
    const created = await cluster.kubectl(['apply', '-f', '-'], { input: JSON.stringify(lb) });
    assert.equal(created.exitCode, 0, created.stderr);
    const before = cluster.server.requests.length;
    const io = recordingIo();
    const code = await downCommand({ ...options, yes: true }, io);
    assert.equal(code, 0, io.all.join('\n'));
    const deletes = cluster.server.requests.slice(before).filter((request) => request.method === 'DELETE').map((request) => request.path);
    assert.equal(deletes[0], '/api/v1/namespaces/ltop/services/web-nlb', deletes.join('\n'));
    assert.ok(deletes.some((p) => p.endsWith('/deployments/ltop-master')), 'ltop\'s objects deleted after it');
    assert.ok(io.lines.some((line) => /^destroy: destroyed terraform_data\.cluster in \d+s · destroy 2\/3 67%$/.test(line)), io.lines.join('\n'));
    assert.equal(io.lines.at(-1), `nothing left in AWS for stack ${NAME} (cluster ${NAME}) in ${REGION}`);
    const eks = new EKSClient({ region: REGION });
    assert.deepEqual((await eks.send(new ListClustersCommand({}))).clusters, []);
    eks.destroy();
  });

  it('start without a stack says how to create one', async () => {
    const platform = createEksPlatform({ ...options }, () => undefined);
    await assert.rejects(platform.start(options.scenario), /no EKS stack in .*: press d or run `ltop up --platform eks`/);
    assert.deepEqual(await platform.infra.status(), { exists: false, summary: `no EKS stack in ${options.stackDir}` });
  });

  it('down with something left in AWS on purpose: exit 1 and the report says what and how to remove it', async () => {
    const progress: InfraProgress[] = [];
    await createEksPlatform({ ...options }, () => undefined).infra.provision((p) => progress.push(p));
    assert.ok(progress.some((p) => p.phase === 'planned' && /plan: 3 to add/.test(p.message)));
    // left behind as a log group written to before Terraform created its own would be
    const logs = new CloudWatchLogsClient({ region: REGION });
    await logs.send(new CreateLogGroupCommand({ logGroupName: `/aws/eks/${NAME}/cluster` }));
    logs.destroy();
    const io = recordingIo();
    const code = await downCommand({ ...options, yes: true }, io);
    assert.equal(code, 1, io.all.join('\n'));
    assert.ok(io.lines.includes(`1 resource left in AWS for stack ${NAME} (cluster ${NAME}) in ${REGION} (remove in this order):`), io.lines.join('\n'));
    assert.ok(io.lines.some((line) => line.trim() === `aws logs delete-log-group --log-group-name /aws/eks/${NAME}/cluster --region ${REGION}`), io.lines.join('\n'));
    assert.match(io.errors.at(-1) ?? '', /AWS still holds resources of the stack/);
  });

  it('a failed apply exits 1 with Terraform\'s diagnostic and what exists; no terraform or no credentials exit 2 with one line, before the estimate', async () => {
    await moto().reset(); // the log group left on purpose above
    const failed = recordingIo();
    assert.equal(await upCommand({ ...options, yes: true, env: { ...options.env, TF_VAR_fail: 'network' } }, failed), 1, failed.all.join('\n'));
    assert.match(failed.errors[0] ?? '', /^ltop up: terraform apply failed: /, failed.errors.join('\n'));
    // the diagnostic once: as it happened, not again in the summary
    assert.equal(failed.all.filter((line) => /error: .*\[terraform_data\.network.*network refused: quota exceeded/.test(line)).length, 1, failed.all.join('\n'));
    assert.ok(failed.errors.some((line) => /terraform_data\.network \(tainted/.test(line)), 'what exists now, from the state');

    const noTerraform = recordingIo();
    assert.equal(await upCommand({ ...options, yes: true, env: { ...options.env, LTOP_TERRAFORM: '/nonexistent/terraform' } }, noTerraform), 2);
    assert.equal(noTerraform.errors.length, 1, noTerraform.errors.join('\n'));
    assert.match(noTerraform.errors[0]!, /^ltop up: .*terraform/i);
    assert.deepEqual(noTerraform.lines, [], 'checked before the estimate and the IP lookup');

    // empty, not deleted: the child's environment is this one's plus these (and the SDK reads '' as unset)
    const env = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };
    const noCredentials = await ltop(['up', '--platform', 'eks', '--yes', '--var-file', options.varFile!], { env });
    assert.equal(noCredentials.exitCode, 2, noCredentials.stderr);
    assert.match(noCredentials.stderr.trim(), /^ltop up: no AWS credentials: .*AWS_PROFILE/);
    assert.equal(noCredentials.stderr.trim().split('\n').length, 1, noCredentials.stderr);
    assert.equal(noCredentials.stdout, '', 'credentials are checked before the estimate is printed');
  });

  it('an interrupt during up: one interrupt, Terraform stops cleanly, ltop says what exists (130); down then leaves nothing', async () => {
    let interrupt: (() => void) | undefined;
    let interrupted = 0;
    const io = recordingIo();
    const code = await upCommand(
      { ...options, yes: true, env: { ...options.env, TF_VAR_sleep_seconds: '3' } },
      {
        ...io,
        line: (text) => {
          io.line(text);
          if (/^provision: creating terraform_data\.network/.test(text) && interrupted++ === 0) interrupt?.();
        },
        onInterrupt: (handler) => {
          interrupt = handler;
          return () => (interrupt = undefined);
        },
      },
    );
    assert.equal(code, 130, io.all.join('\n'));
    assert.match(io.errors.join('\n'), /interrupted: terraform got one interrupt and stopped cleanly/);
    assert.ok(io.errors.includes('what exists now:'), io.errors.join('\n'));
    const said = io.all.filter((line) => /error: /.test(line));
    assert.deepEqual(said, [...new Set(said)], `no error line twice:\n${io.all.join('\n')}`);
    assert.ok(!io.lines.some((line) => line.includes('creating terraform_data.cluster')), 'nothing after the interrupt was started');

    const down = recordingIo();
    assert.equal(await downCommand({ ...options, yes: true }, down), 0, down.all.join('\n'));
    assert.equal(down.lines.at(-1), `nothing left in AWS for stack ${NAME} (cluster ${NAME}) in ${REGION}`);
  });
});
