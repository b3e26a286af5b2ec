// Is there a Docker engine to build with? `docker info` answers only when the client reaches a
// daemon; the client alone (or no client) is reported with what to do.
import { execa } from 'execa';

export class DockerUnavailable extends Error {
  override name = 'DockerUnavailable';
}

export interface DockerEngine {
  readonly serverVersion: string;
}

export async function checkDocker(docker = 'docker', env: NodeJS.ProcessEnv = process.env): Promise<DockerEngine> {
  const r = await execa(docker, ['info', '--format', '{{.ServerVersion}}'], { reject: false, timeout: 20_000, env, extendEnv: false });
  if ((r as { code?: string }).code === 'ENOENT' || /ENOENT/.test(String(r.message ?? ''))) {
    throw new DockerUnavailable('no Docker engine: the docker command is not installed (install Docker Engine or Docker Desktop; ltop image push builds with it)');
  }
  const version = String(r.stdout ?? '').trim();
  if (r.exitCode !== 0 || !version) {
    const why = String(r.stderr ?? '').split('\n').map((l) => l.trim()).find((l) => l && !/^(Server|Client):?$/.test(l)) ?? `docker info exited with ${r.exitCode}`;
    throw new DockerUnavailable(`no Docker engine: ${why.replace(/^ERROR:\s*/, '')} (start Docker, or run ltop image push where Docker runs)`);
  }
  return { serverVersion: version };
}
