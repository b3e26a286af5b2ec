// ECR sign-in against moto, and `ltop image push` up to where this machine stops it: the docker
// client is here, no Docker engine is.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ECRClient, CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import { resolveAwsContext } from '../../src/aws/context.js';
import { ecrLogin, registryOf } from '../../src/aws/ecr.js';
import { checkDocker, DockerUnavailable } from '../../src/aws/docker.js';
import { gitImageTag, imagePushPlan, pushImage } from '../../src/aws/image-push.js';
import { motoForTests } from '../support/moto.js';
import { REGION } from './seed.js';

motoForTests();
let ecr: ECRClient;

before(async () => {
  ecr = new ECRClient((await resolveAwsContext({ region: REGION })).clientConfig);
});
after(() => ecr?.destroy());

test('ECR sign-in gives the registry host, user AWS and the password docker login reads from stdin', async () => {
  const repo = (await ecr.send(new CreateRepositoryCommand({ repositoryName: 'ltop-demo/locust' }))).repository!;
  const login = await ecrLogin(ecr);
  assert.equal(login.username, 'AWS');
  assert.ok(login.password.length > 0);
  assert.equal(login.registry, registryOf(repo.repositoryUri!), 'the host images of the repository are pushed to');
  assert.match(login.registry, /^\d{12}\.dkr\.ecr\.eu-central-1\.amazonaws\.com$/);
});

test('the push plan: build for linux/amd64 from runtime/Dockerfile tagged with the commit, then docker login (a fresh token) and push', () => {
  const url = '123456789012.dkr.ecr.eu-central-1.amazonaws.com/ltop-demo/locust';
  const plan = imagePushPlan({ repositoryUrl: url, tag: 'a1b2c3d4e5f6' });
  assert.equal(plan.image, `${url}:a1b2c3d4e5f6`);
  assert.deepEqual(plan.steps.map((s) => `docker ${s.argv.join(' ')}${s.stdin ? ' < password' : ''}`), [
    `docker build --platform linux/amd64 -f runtime/Dockerfile -t ${url}:a1b2c3d4e5f6 .`,
    'docker login --username AWS --password-stdin 123456789012.dkr.ecr.eu-central-1.amazonaws.com < password',
    `docker push ${url}:a1b2c3d4e5f6`,
  ]);
});

test('the image tag is the git commit of the project', async () => {
  assert.match(await gitImageTag(process.cwd()), /^[0-9a-f]{12}(-dirty)?$/);
});

test('no Docker engine here: the check says so with the daemon error, and push stops there', async () => {
  await assert.rejects(checkDocker(), (err: Error) => err instanceof DockerUnavailable && /^no Docker engine: .*(Cannot connect to the Docker daemon|docker daemon).*\(start Docker/i.test(err.message));
  const lines: string[] = [];
  await assert.rejects(pushImage({ ecr, repositoryUrl: 'x.dkr.ecr.eu-central-1.amazonaws.com/r', cwd: process.cwd(), onLine: (l) => lines.push(l) }), DockerUnavailable);
  assert.deepEqual(lines, [], 'nothing was run');
});

test('no docker command at all says it is not installed', async () => {
  await assert.rejects(checkDocker('/nonexistent/docker'), /^DockerUnavailable: no Docker engine: the docker command is not installed/);
});
