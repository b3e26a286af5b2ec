// moto_server on a free loopback port, for tests of ltop's AWS code: the real SDK, a local AWS.
// A missing moto_server fails the test with the install command (nothing is skipped).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { after, before, beforeEach } from 'node:test';
import getPort from 'get-port';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from './wait.js';

export interface Moto {
  /** http://127.0.0.1:PORT: give it to the SDK as AWS_ENDPOINT_URL or `endpoint` */
  readonly endpoint: string;
  /** the environment a child ltop (or the SDK in this process) needs to reach moto only */
  readonly env: Record<string, string>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** The pinned moto (test/requirements.txt) that scripts/ensure-test-tools.sh installs, never whatever is on PATH. */
const MOTO_SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.venv', 'bin', 'moto_server');

function requireMotoServer(): void {
  const probe = spawnSync(MOTO_SERVER, ['--help'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`${MOTO_SERVER} is missing: the AWS tests need the pinned moto (sh scripts/ensure-test-tools.sh; npm test runs it)`);
  }
}

export async function startMoto(region = 'eu-central-1'): Promise<Moto> {
  requireMotoServer();
  const port = await getPort({ host: '127.0.0.1' });
  const child = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
    running.delete(child);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await eventually(async () => {
    if (exited !== null) throw new Error(`moto_server exited with ${exited}: ${stderr}`);
    const res = await fetch(`${endpoint}/moto-api/data.json`).catch(() => undefined);
    return res?.ok;
  }, `moto_server on ${endpoint}`, 20_000, 50);
  return {
    endpoint,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: region,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    async reset() {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto reset answered ${res.status}`);
    },
    async stop() {
      if (exited !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

/**
 * Point this process's AWS SDK at moto (AWS_ENDPOINT_URL and fake keys) and return a function that
 * restores the environment. Also clears profile variables so a developer's own AWS setup is never used.
 */
export function useMotoEnv(moto: Moto): () => void {
  const keys = [...Object.keys(moto.env), 'AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_REGION', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'];
  const saved = new Map(keys.map((k) => [k, process.env[k]]));
  for (const k of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_REGION']) delete process.env[k];
  process.env.AWS_CONFIG_FILE = '/nonexistent/ltop-test-aws-config';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/ltop-test-aws-credentials';
  Object.assign(process.env, moto.env);
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/**
 * One moto_server for a test file: started before its tests with this process's SDK pointed at
 * it, stopped after; `resetEach` empties it before every test. Returns a getter for the server.
 */
export function motoForTests(options: { resetEach?: boolean } = {}): () => Moto {
  let moto: Moto | undefined;
  let restore: (() => void) | undefined;
  before(async () => {
    moto = await startMoto();
    restore = useMotoEnv(moto);
  });
  after(async () => {
    restore?.();
    await moto?.stop();
  });
  if (options.resetEach) beforeEach(async () => moto?.reset());
  return () => {
    if (!moto) throw new Error('moto_server is not running (motoForTests starts it in before())');
    return moto;
  };
}
