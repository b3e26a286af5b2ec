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
