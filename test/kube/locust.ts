// A real Locust master on 127.0.0.1 (the pinned Locust ltop finds: runtime/.venv), for the kube tests.

import net from 'node:net';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { FIXTURES, waitFor } from './helpers.js';
import { findLocust } from '../../src/platforms/local/locust-binary.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface LocustMaster {
  readonly webPort: number;
  readonly zmqPort: number;
  readonly url: string;
  stop(): Promise<void>;
}

export async function startLocustMaster(): Promise<LocustMaster> {
  const webPort = await freePort();
  const zmqPort = await freePort();
  const proc: ResultPromise = execa(
    findLocust(),
    ['-f', join(FIXTURES, 'idle_locustfile.py'), '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', String(zmqPort), '--web-host', '127.0.0.1', '--web-port', String(webPort), '--loglevel', 'WARNING'],
    { reject: false, stdin: 'ignore', cleanup: true, env: { PYTHONDONTWRITEBYTECODE: '1' } },
  );
  const url = `http://127.0.0.1:${webPort}`;
  try {
    await waitFor('the Locust master web API', async () => (await fetch(`${url}/stats/requests`)).ok, 20_000, 100);
  } catch (err) {
    proc.kill();
    throw err;
  }
  return {
    webPort,
    zmqPort,
    url,
    async stop() {
      proc.kill('SIGTERM');
      await proc;
    },
  };
}

/** A real master (web API and ZeroMQ on loopback) and `workers` real workers on the bundled scenarios, for a kube test's port-forward. */
export async function startLocustSwarm(workers: number, scenario = 'jsonplaceholder'): Promise<{ webPort: number; zmqPort: number; stop(): Promise<void> }> {
  const { repoRoot } = await import('../support/cli.js');
  const webPort = await freePort();
  const zmqPort = await freePort();
  const env = { PYTHONPATH: join(repoRoot, 'runtime'), LOCUST_SCENARIO: scenario, PYTHONDONTWRITEBYTECODE: '1' };
  const locustfile = join(repoRoot, 'scenarios', 'locustfile.py');
  const children: ResultPromise[] = [execa(findLocust(), ['-f', locustfile, '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', String(zmqPort), '--web-host', '127.0.0.1', '--web-port', String(webPort)], { env, reject: false, stdin: 'ignore' })];
  for (let n = 0; n < workers; n++) children.push(execa(findLocust(), ['-f', locustfile, '--worker', '--master-host', '127.0.0.1', '--master-port', String(zmqPort)], { env, reject: false, stdin: 'ignore' }));
  const stop = async (): Promise<void> => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => child.catch(() => undefined)));
  };
  try {
    await waitFor('the Locust master web API', async () => (await fetch(`http://127.0.0.1:${webPort}/stats/requests`)).ok, 30_000, 100);
  } catch (err) {
    await stop();
    throw err;
  }
  return { webPort, zmqPort, stop };
}
