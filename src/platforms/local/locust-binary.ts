// Where the local platform finds Locust: LTOP_LOCUST, then a runtime venv, then PATH.
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { executable, onPath } from '../../util/executable.js';
import path from 'node:path';
import { runtimeDir } from '../../paths.js';

export class LocustNotFoundError extends Error {}


/** The project's venv (scripts/ensure-locust.sh creates it; LTOP_VENV moves it). */
export function venvDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['LTOP_VENV'] || path.join(runtimeDir, '.venv');
}

export function findLocust(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env['LTOP_LOCUST'];
  if (explicit) {
    if (executable(explicit)) return explicit;
    throw new LocustNotFoundError(`LTOP_LOCUST=${explicit} is not an executable file`);
  }
  const venv = path.join(venvDir(env), 'bin', 'locust');
  if (executable(venv)) return venv;
  const found = onPath('locust', env['PATH']);
  if (found) return found;
  throw new LocustNotFoundError(
    'Locust not found: run `npm start` (it creates runtime/.venv with the pinned Locust, no root needed) ' +
      'or set LTOP_LOCUST=/path/to/locust',
  );
}

/** "2.46.3", or Debian's package version when its Locust reports none (2.12.1 does). */
export async function locustVersion(binary: string): Promise<string> {
  const answer = await execa(binary, ['--version'], { reject: false, timeout: 15000 });
  const match = /locust\s+(\d[\w.+-]*)/i.exec(`${answer.stdout}\n${answer.stderr}`);
  if (match?.[1]) return match[1];
  const dpkg = await execa('dpkg-query', ['-W', '-f=${Version}', 'python3-locust'], { reject: false });
  const debian = /^(\d+\.\d+\.\d+)/.exec(dpkg.stdout ?? '');
  return debian?.[1] ? `${debian[1]} (Debian package)` : 'unknown';
}

/** The one pin (runtime/requirements.in): the Locust version the venv, the image and k8s/ all run. */
export function pinnedLocustVersion(): string {
  const pin = /^locust==([\w.+-]+)\s*$/m.exec(readFileSync(path.join(runtimeDir, 'requirements.in'), 'utf8'));
  if (!pin?.[1]) throw new Error('runtime/requirements.in pins no locust==VERSION');
  return pin[1];
}
