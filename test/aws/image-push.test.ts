// `ltop image push` with the real docker CLI against a loopback double of the Docker Engine API
// (no engine can run here), moto for ECR and the real terraform for the stack's outputs: the
// build is asked for linux/amd64 from runtime/Dockerfile with a context that leaves the rest of
// the checkout out, tagged with the git commit; the push carries moto's ECR credentials (from
// GetAuthorizationToken through the SDK) in X-Registry-Auth; the next deploy's overlay runs it.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { resolveAwsContext } from '../../src/aws/context.js';
import { ecrLogin } from '../../src/aws/ecr.js';
import { gitImageTag } from '../../src/aws/image-push.js';
import { imagePushCommand } from '../../src/platforms/eks/image-command.js';
import { overlayFor, pushedImage } from '../../src/platforms/eks/image-overlay.js';
import { ltop, repoRoot } from '../support/cli.js';
import { startDockerEngine, type DockerEngineDouble } from '../support/docker-engine.js';
import { motoForTests } from '../support/moto.js';
import { REGION } from './seed.js';

function recording(): { line: (t: string) => void; error: (t: string) => void; lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, line: (t) => void lines.push(t), error: (t) => void errors.push(t) };
}

describe('ltop image push (docker CLI -> Engine API double, moto ECR, terraform outputs)', () => {
  const moto = motoForTests();
  let engine: DockerEngineDouble;
  let stackDir: string;
  let repositoryUrl: string;
  let env: NodeJS.ProcessEnv;
  let userDockerConfig: string;

  before(async () => {
    engine = await startDockerEngine();
    const ecr = new ECRClient((await resolveAwsContext({ region: REGION })).clientConfig);
    repositoryUrl = (await ecr.send(new CreateRepositoryCommand({ repositoryName: 'ltop-image/ltop-runtime' }))).repository!.repositoryUri!;
    ecr.destroy();
    stackDir = mkdtempSync(path.join(tmpdir(), 'ltop-image-stack-'));
    cpSync(path.join(repoRoot, 'test', 'aws', 'fixtures', 'image-stack'), stackDir, { recursive: true });
    for (const args of [['init', '-input=false', '-no-color'], ['apply', '-auto-approve', '-input=false', '-no-color', `-var=region=${REGION}`, `-var=ecr_repository_url=${repositoryUrl}`]]) {
      const r = await execa('terraform', args, { cwd: stackDir, reject: false });
      assert.equal(r.exitCode, 0, r.stderr);
    }
    userDockerConfig = mkdtempSync(path.join(tmpdir(), 'ltop-user-docker-'));
    env = { ...process.env, ...moto().env, DOCKER_HOST: engine.host, DOCKER_BUILDKIT: '0', DOCKER_CONFIG: userDockerConfig };
  });
  after(() => engine?.close());

  it('builds for linux/amd64, signs in with the SDK\'s ECR token, pushes the commit tag, and the next deploy runs it', async () => {
    const io = recording();
    const code = await imagePushCommand({ stackDir, env }, io);
    assert.equal(code, 0, [...io.lines, ...io.errors].join('\n'));
    const tag = await gitImageTag(repoRoot);
    const image = `${repositoryUrl}:${tag}`;

    const build = engine.builds[0];
    assert.ok(build, 'the docker CLI sent a build');
    assert.equal(build.query.get('platform'), 'linux/amd64');
    assert.equal(build.query.get('dockerfile'), 'runtime/Dockerfile');
    assert.deepEqual(build.query.getAll('t'), [image]);
    for (const file of ['runtime/Dockerfile', 'runtime/requirements.txt', 'runtime/entrypoint.sh', 'scenarios/locustfile.py']) assert.ok(build.files.includes(file), `${file} in the context`);
    assert.deepEqual(build.files.filter((file) => /^(node_modules|terraform|dist|\.git|test)(\/|$)/.test(file) || file.includes('.venv')), [], 'the rest of the checkout (state files above all) stays out of the context');

    const ecr = new ECRClient((await resolveAwsContext({ region: REGION })).clientConfig);
    const login = await ecrLogin(ecr);
    ecr.destroy();
    assert.deepEqual(engine.logins, [{ username: 'AWS', password: login.password, serveraddress: login.registry }]);
    assert.deepEqual(engine.pushes, [{ name: repositoryUrl, tag, auth: { username: 'AWS', password: login.password, serveraddress: login.registry } }]);
    assert.ok(!existsSync(path.join(userDockerConfig, 'config.json')), `the ECR password stays out of the user's docker config: ${readdirSync(userDockerConfig).join(', ')}`);

    assert.equal(io.lines.at(-2), `pushed ${image}`);
    assert.equal(pushedImage(stackDir)?.image, image);
    const overlay = overlayFor(stackDir, path.join(repoRoot, 'k8s', 'overlays', 'eks'));
    const rendered = await execa('kubectl', ['kustomize', overlay.dir]);
    const images = [...rendered.stdout.matchAll(/^\s+image: (\S+)$/gm)].map((match) => match[1]);
    assert.deepEqual([...new Set(images)], [image], 'master and workers run the pushed image');
    assert.match(rendered.stdout, /runAsUser: 10001/, "with the runtime image's user");
  });

  it('no stack: exit 2 with what to do, after the engine check', async () => {
    const io = recording();
    assert.equal(await imagePushCommand({ stackDir: mkdtempSync(path.join(tmpdir(), 'ltop-no-stack-')), env }, io), 2);
    assert.deepEqual(io.errors.length, 1);
    assert.match(io.errors[0]!, /^ltop image push: no EKS stack in .*: press d or run `ltop up --platform eks`/);
  });

  it('the real CLI on this machine (docker client, no engine): one line, exit 2', async () => {
    const result = await ltop(['image', 'push'], { env: { ...process.env, ...moto().env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
    assert.equal(result.exitCode, 2, result.stderr);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /^ltop image push: no Docker engine: .*(Cannot connect to the Docker daemon|docker daemon)/i);
  });
});
