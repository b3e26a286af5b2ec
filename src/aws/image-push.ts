// `ltop image push`: build runtime/Dockerfile for the nodes' architecture, tag it with the git
// commit, sign in to the stack's ECR with the SDK and push. The overlay then points at `image`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import type { ECRClient } from '@aws-sdk/client-ecr';
import { checkDocker } from './docker.js';
import { ecrLogin, registryOf } from './ecr.js';

export interface DockerStep {
  readonly argv: readonly string[];
  /** what goes to stdin: the ECR password for `docker login --password-stdin` */
  readonly stdin?: 'password';
  /** runs with ltop's own short-lived DOCKER_CONFIG (the ECR login), not the user's */
  readonly registryAuth?: boolean;
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
      { argv: ['build', '--platform', opts.platform ?? 'linux/amd64', '-f', opts.dockerfile ?? 'runtime/Dockerfile', '-t', image, opts.context ?? '.'] },
      { argv: ['login', '--username', 'AWS', '--password-stdin', registryOf(opts.repositoryUrl)], stdin: 'password', registryAuth: true },
      { argv: ['push', image], registryAuth: true },
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
  /** the docker client's environment (DOCKER_HOST, DOCKER_BUILDKIT…); default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** A docker step that failed: its exit code and last line. */
export class DockerStepError extends Error {
  override name = 'DockerStepError';
}

export async function pushImage(opts: PushImageOptions): Promise<{ image: string }> {
  const docker = opts.docker ?? 'docker';
  const env = opts.env ?? process.env;
  await checkDocker(docker, env); // before anything else: without an engine there is nothing to do
  const plan = imagePushPlan({ repositoryUrl: opts.repositoryUrl, tag: await gitImageTag(opts.cwd) });
  // The ECR password is valid 12 hours: it goes to a config of ltop's own that is deleted after
  // the push, never into the user's ~/.docker/config.json.
  const config = mkdtempSync(path.join(tmpdir(), 'ltop-docker-'));
  try {
    const login = await ecrLogin(opts.ecr, opts.signal);
    for (const step of plan.steps) {
      opts.onLine?.(`$ docker ${step.argv.join(' ')}`);
      const child = execa(docker, step.argv, {
        cwd: opts.cwd,
        all: true,
        reject: false,
        env: step.registryAuth ? { ...env, DOCKER_CONFIG: config } : env,
        extendEnv: false,
        ...(opts.signal ? { cancelSignal: opts.signal } : {}),
        ...(step.stdin === 'password' ? { input: login.password } : {}),
      });
      for await (const line of child.iterable({ from: 'all' })) opts.onLine?.(String(line));
      const r = await child;
      if (r.exitCode !== 0) throw new DockerStepError(`docker ${step.argv[0]} failed (exit ${r.exitCode}): ${String(r.all ?? '').trim().split('\n').pop() ?? ''}`);
    }
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
  return { image: plan.image };
}
