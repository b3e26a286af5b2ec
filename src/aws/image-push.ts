// `ltop image push`: build runtime/Dockerfile for the nodes' architecture, tag it with the git
// commit, sign in to the stack's ECR with the SDK and push. The overlay then points at `image`.
import { execa } from 'execa';
import type { ECRClient } from '@aws-sdk/client-ecr';
import { checkDocker } from './docker.js';
import { ecrLogin, registryOf } from './ecr.js';

export interface DockerStep {
  readonly argv: readonly string[];
  /** what goes to stdin: the ECR password for `docker login --password-stdin` */
  readonly stdin?: 'password';
}

export interface ImagePushPlan {
  readonly image: string;
  readonly steps: readonly DockerStep[];
}

/** The docker commands, in order: pure, so what ltop will run can be shown and tested. */
export function imagePushPlan(opts: { repositoryUrl: string; tag: string; dockerfile?: string; context?: string; platform?: string }): ImagePushPlan {
  const image = `${opts.repositoryUrl}:${opts.tag}`;
  return {
    image,
    steps: [
      { argv: ['login', '--username', 'AWS', '--password-stdin', registryOf(opts.repositoryUrl)], stdin: 'password' },
      { argv: ['build', '--platform', opts.platform ?? 'linux/amd64', '-f', opts.dockerfile ?? 'runtime/Dockerfile', '-t', image, opts.context ?? '.'] },
      { argv: ['push', image] },
    ],
  };
}

/** The commit the image is built from; "-dirty" when the work tree has changes, so the tag never lies. */
export async function gitImageTag(cwd: string): Promise<string> {
  const sha = await execa('git', ['rev-parse', '--short=12', 'HEAD'], { cwd, reject: false });
  if (sha.exitCode !== 0) throw new Error(`cannot tag the image with the git commit: ${String(sha.stderr).trim() || 'not a git repository'}`);
  const status = await execa('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, reject: false });
  return String(sha.stdout).trim() + (String(status.stdout).trim() ? '-dirty' : '');
}

export interface PushImageOptions {
  readonly ecr: ECRClient;
  /** Terraform's ecr repository_url output */
  readonly repositoryUrl: string;
  /** the project root (where runtime/Dockerfile is) */
  readonly cwd: string;
  readonly onLine?: (line: string) => void;
  readonly signal?: AbortSignal;
  readonly docker?: string;
}

export async function pushImage(opts: PushImageOptions): Promise<{ image: string }> {
  const docker = opts.docker ?? 'docker';
  await checkDocker(docker); // before anything else: without an engine there is nothing to do
  const plan = imagePushPlan({ repositoryUrl: opts.repositoryUrl, tag: await gitImageTag(opts.cwd) });
  const login = await ecrLogin(opts.ecr, opts.signal);
  for (const step of plan.steps) {
    opts.onLine?.(`$ docker ${step.argv.join(' ')}`);
    const child = execa(docker, step.argv, { cwd: opts.cwd, all: true, reject: false, cancelSignal: opts.signal, input: step.stdin === 'password' ? login.password : undefined });
    for await (const line of child.iterable({ from: 'all' })) opts.onLine?.(String(line));
    const r = await child;
    if (r.exitCode !== 0) throw new Error(`docker ${step.argv[0]} failed (exit ${r.exitCode}): ${String(r.all ?? '').trim().split('\n').pop() ?? ''}`);
  }
  return { image: plan.image };
}
