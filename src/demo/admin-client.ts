// A typed client for the demo target's admin endpoints, for the local platform, the matrix
// ("scale the target": setReplicas) and tests (the exact served count).

import { httpRequest, type HttpAnswer } from '../util/http.js';
import type { DemoStats, DemoTargetConfig } from './server.js';

export class DemoAdminError extends Error {}

export interface DemoTargetAdmin {
  stats(): Promise<DemoStats>;
  /** resolves once `n` processes serve (and the retired ones have finished what they had) */
  setReplicas(n: number): Promise<DemoStats>;
  configure(c: Partial<DemoTargetConfig>): Promise<DemoTargetConfig>;
  config(): Promise<DemoTargetConfig>;
  /** Prometheus text exposition */
  metrics(): Promise<string>;
}

export function demoTargetAdmin(baseUrl: string, timeoutMs = 30_000): DemoTargetAdmin {
  const base = baseUrl.replace(/\/+$/, '');
  async function call(path: string, body?: unknown): Promise<HttpAnswer> {
    let res: HttpAnswer;
    try {
      res = await httpRequest(base + path, {
        method: body === undefined ? 'GET' : 'POST',
        timeoutMs,
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
    } catch (e) {
      throw new DemoAdminError(`demo target ${base} unreachable: ${(e as Error).message}`);
    }
    if (!res.ok) {
      const text = res.body;
      let message = text;
      try {
        message = String((JSON.parse(text) as { error?: unknown }).error ?? text);
      } catch {
        // not JSON: keep the text
      }
      throw new DemoAdminError(`demo target ${path}: HTTP ${res.status}: ${message}`);
    }
    return res;
  }
  const json = async <T>(path: string, body?: unknown): Promise<T> => JSON.parse((await call(path, body)).body) as T;
  return {
    stats: () => json<DemoStats>('/__ltop/stats'),
    setReplicas: (replicas) => json<DemoStats>('/__ltop/replicas', { replicas }),
    configure: (c) => json<DemoTargetConfig>('/__ltop/config', c),
    config: () => json<DemoTargetConfig>('/__ltop/config'),
    metrics: async () => (await call('/metrics')).body,
  };
}
