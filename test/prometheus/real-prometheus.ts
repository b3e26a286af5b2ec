// A real Prometheus for tests: Debian's `prometheus` package (/usr/bin/prometheus), on
// 127.0.0.1 with a temporary config and storage folder, scraping the given targets every second.

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import getPort from 'get-port';
import { waitFor } from '../../src/util/wait.js';

export const SCRAPE_INTERVAL_S = 1;

export function prometheusBinary(): string {
  const candidates = [process.env['LTOP_PROMETHEUS'], '/usr/bin/prometheus'].filter((p): p is string => !!p);
  for (const c of candidates) if (existsSync(c)) return c;
  try {
    return execFileSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' }).trim() || missing();
  } catch {
    return missing();
  }
}

function missing(): never {
  throw new Error('Prometheus is not installed: these tests need a real one. Install Debian\'s package: apt-get update && apt-get install -y prometheus (binary /usr/bin/prometheus), or set LTOP_PROMETHEUS=/path/to/prometheus');
}

export interface RealPrometheus {
  readonly url: string;
  close(): Promise<void>;
}

/** targets: host:port pairs serving /metrics */
export async function startPrometheus(targets: readonly string[]): Promise<RealPrometheus> {
  const bin = prometheusBinary();
  const dir = mkdtempSync(join(tmpdir(), 'ltop-prom-'));
  const port = await getPort({ host: '127.0.0.1' });
  const config = [
    'global:',
    `  scrape_interval: ${SCRAPE_INTERVAL_S}s`,
    `  evaluation_interval: ${SCRAPE_INTERVAL_S}s`,
    'scrape_configs:',
    '  - job_name: demo',
    `    scrape_interval: ${SCRAPE_INTERVAL_S}s`,
    '    scrape_timeout: 900ms',
    '    static_configs:',
    `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'prometheus.yml'), config);
  let log = '';
  const child: ChildProcess = spawn(bin, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited ${child.exitCode}: ${log}`);
        return (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok;
      },
      { timeoutMs: 20_000, intervalMs: 100, what: 'Prometheus to be ready' },
    );
  } catch (e) {
    await close();
    throw e;
  }
  return { url, close };
}
