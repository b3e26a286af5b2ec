// The images the manifests run and the users they run as, read from where they are decided:
// the Locust pin (runtime/requirements.txt, from runtime/requirements.in), our Dockerfiles'
// USER lines, and the official Locust image's user.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './kustomize.js';

export const OFFICIAL_LOCUST = 'locustio/locust';
export const RUNTIME_IMAGE = 'ltop-runtime';
export const LTOP_IMAGE = 'ltop';

function pinIn(file: string): string {
  const text = readFileSync(join(REPO_ROOT, 'runtime', file), 'utf8');
  const m = /^locust==(\d+\.\d+\.\d+)\b/m.exec(text);
  if (!m?.[1]) throw new Error(`no locust==X.Y.Z line in runtime/${file}`);
  return m[1];
}

/** The one Locust pin: runtime/requirements.txt (the hashed lock); requirements.in must agree. */
export function locustPin(): string {
  const lock = pinIn('requirements.txt');
  const source = pinIn('requirements.in');
  if (lock !== source) throw new Error(`runtime/requirements.txt pins locust ${lock}, runtime/requirements.in ${source}: run sh scripts/lock-python.sh`);
  return lock;
}

/** ltop's own version (package.json): the tag of the ltop image. */
export function ltopVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export interface User {
  readonly uid: number;
  readonly gid: number;
}

function dockerfileUser(file: string): User {
  const users = readFileSync(join(REPO_ROOT, 'runtime', file), 'utf8')
    .split('\n')
    .map((l) => /^USER\s+(\d+):(\d+)\s*$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null);
  const last = users.at(-1);
  if (!last) throw new Error(`runtime/${file} has no numeric USER uid:gid`);
  return { uid: Number(last[1]), gid: Number(last[2]) };
}

/**
 * The user an image runs as, for the images ltop's manifests use. The official Locust image
 * (locustio/locust's Dockerfile.ci, what Docker Hub publishes) runs `useradd --create-home
 * locust` on python:3.x-slim (Debian) and `USER locust`: the first user, uid/gid 1000.
 */
export function imageUser(image: string): User | undefined {
  const name = image.replace(/[:@].*$/, '').replace(/^docker\.io\//, '');
  const base = name.split('/').at(-1);
  if (name === OFFICIAL_LOCUST) return { uid: 1000, gid: 1000 };
  if (base === RUNTIME_IMAGE) return dockerfileUser('Dockerfile');
  if (base === LTOP_IMAGE) return dockerfileUser('Dockerfile.ltop');
  return undefined;
}

export function tagOf(image: string): string | undefined {
  return /:([\w][\w.-]{0,127})$/.exec(image.replace(/@sha256:.*$/, ''))?.[1];
}
