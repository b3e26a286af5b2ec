// Shared by the kube tests: a test API server with a kubeconfig, kubectl, and bounded waits.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { type KubeApiServer, type KubeApiServerOptions, startKubeApiServer } from '../support/kube-api/index.js';

export const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
export const OVERLAY = join(FIXTURES, 'overlay');
export const OVERLAY_HPA = join(FIXTURES, 'overlay-hpa');

export interface Cluster {
  readonly server: KubeApiServer;
  readonly dir: string;
  readonly kubeconfig: string;
  kubectl(args: readonly string[], opts?: { input?: string }): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  close(): Promise<void>;
}

export async function startCluster(opts: KubeApiServerOptions = {}): Promise<Cluster> {
  const server = await startKubeApiServer(opts);
  const dir = mkdtempSync(join(tmpdir(), 'ltop-kube-'));
  const kubeconfig = server.writeKubeconfig(join(dir, 'kubeconfig'));
  return {
    server,
    dir,
    kubeconfig,
    async kubectl(args, o = {}) {
      const r = await execa('/usr/bin/kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args], {
        reject: false,
        timeout: 20_000,
        ...(o.input !== undefined ? { input: o.input } : {}),
      });
      return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Wait until `check` returns a truthy value; fail with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 10_000, everyMs = 20): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
