// moto_server on a free loopback port for the CloudWatch Logs and EC2 tests of logs/cost.
// (The aws branch has test/support/moto.ts for the same job; this one is kept apart so the two
// branches do not edit one file at once. The lead may fold them together after the merge.)
import { spawn, spawnSync } from 'node:child_process';
import getPort from 'get-port';
import { eventually } from '../support/wait.js';

export interface MotoLogs {
  readonly endpoint: string;
  /** what the SDK needs to reach moto only (AWS_ENDPOINT_URL, dummy keys, a region) */
  readonly env: Readonly<Record<string, string>>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMotoForLogs(region = 'eu-central-1'): Promise<MotoLogs> {
  const probe = spawnSync('moto_server', ['--help'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) throw new Error('moto_server is not on PATH (pip install "moto[server]==5.2.5")');
  const port = await getPort({ host: '127.0.0.1' });
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let exited = false;
  child.once('exit', () => (exited = true));
  const endpoint = `http://127.0.0.1:${port}`;
  await eventually(async () => {
    if (exited) throw new Error('moto_server exited at start');
    return (await fetch(`${endpoint}/moto-api/data.json`).catch(() => undefined))?.ok;
  }, `moto_server on ${endpoint}`, 20_000, 50);
  return {
    endpoint,
    env: { AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: region, AWS_EC2_METADATA_DISABLED: 'true' },
    async reset() {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto reset answered ${res.status}`);
    },
    async stop() {
      process.off('exit', killOnExit);
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
