// Picks the platform the user asked for. The only place that knows there are several.
import { UsageError } from '../domain/errors.js';
import { findLocust, LocustNotFoundError } from './local/locust-binary.js';
import type { SwarmTraffic } from '../cost/swarm-traffic.js';
import type { KubeLink } from './kube/link.js';
import { LocalPlatform } from './local/local-platform.js';
import type { EmitPlatformEvent, Platform, PlatformName } from './platform.js';

/** What choosing and configuring a platform needs; the CLI's resolved options satisfy it. */
export interface PlatformRequest {
  readonly platform: PlatformName;
  readonly workers: number;
  /** whether the user chose the worker count (kube otherwise keeps what the cluster runs) */
  readonly workersGiven: boolean;
  readonly host?: string;
  readonly readonly: boolean;
  readonly demoLatencyMs?: number;
  readonly demoErrorRate?: number;
  readonly demoReplicas?: number;
  readonly context?: string;
  readonly namespace?: string;
  readonly kubeconfig?: string;
  readonly overlay: string;
  readonly region?: string;
  readonly profile?: string;
  readonly varFile?: string;
  /** --budget USD: for a platform with a cost source */
  readonly budget?: number;
  /** the planned test's length, for the cost projection (headless and `ltop run`) */
  readonly plannedRunSeconds?: number;
  /** kube, eks: the session's one connection and WatchHub, shared with the target panel */
  readonly kubeLink?: KubeLink;
  /** eks: what the swarm moved, for the meter's NAT data (src/cost/swarm-traffic.ts) */
  readonly swarmTraffic?: () => SwarmTraffic | undefined;
}

export async function createPlatform(options: PlatformRequest, emit: EmitPlatformEvent): Promise<Platform> {
  switch (options.platform) {
    case 'local': {
      let locust: string;
      try {
        locust = findLocust();
      } catch (error) {
        if (error instanceof LocustNotFoundError) throw new UsageError(error.message);
        throw error;
      }
      return new LocalPlatform(
        {
          locust,
          workers: options.workers,
          ...(options.host ? { host: options.host } : {}),
          ...(options.demoLatencyMs !== undefined ? { demoLatencyMs: options.demoLatencyMs } : {}),
          ...(options.demoErrorRate !== undefined ? { demoErrorRate: options.demoErrorRate } : {}),
          ...(options.demoReplicas !== undefined ? { demoReplicas: options.demoReplicas } : {}),
        },
        emit,
      );
    }
    case 'kube': {
      // loaded only when asked for: the Kubernetes client alone weighs ~90 MB of RSS
      const { createKubePlatform } = await import('./kube/index.js');
      return createKubePlatform(
        {
          ...(options.context ? { context: options.context } : {}),
          ...(options.namespace ? { namespace: options.namespace } : {}),
          ...(options.kubeconfig ? { kubeconfigPath: options.kubeconfig } : {}),
          overlayDir: options.overlay,
          ...(options.workersGiven ? { expectedWorkers: options.workers } : {}),
          readonly: options.readonly,
          ...(options.kubeLink ? { link: options.kubeLink } : {}),
          cost: {
            ...(options.budget !== undefined ? { budget: options.budget } : {}),
            ...(options.plannedRunSeconds !== undefined ? { plannedEnd: Date.now() + options.plannedRunSeconds * 1000 } : {}),
          },
        },
        emit,
      );
    }
    case 'eks': {
      const { createEksPlatform, eksOptionsFrom } = await import('./eks/index.js');
      return createEksPlatform(eksOptionsFrom(options), emit);
    }
  }
}
