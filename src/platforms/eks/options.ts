// What the eks platform needs from the command line (and what tests shorten).
import path from 'node:path';
import type { EksSession } from '../../aws/connect.js';
import type { AwsTarget } from '../../aws/context.js';
import type { CloudWatchLogsApi } from '../../aws/logs/client.js';
import type { SwarmTraffic } from '../../cost/swarm-traffic.js';
import type { KubeLink } from '../kube/link.js';
import { projectRoot } from '../../paths.js';

/** How the platform reaches the cluster: connectEks by default. */
export type EksConnect = (target: AwsTarget & { readonly clusterName: string; readonly namespace?: string }) => Promise<EksSession>;

export interface EksOptions {
  /** --region: over the stack's outputs and the var file */
  readonly region?: string;
  /** --profile: else AWS_PROFILE, else the SDK's default chain */
  readonly profile?: string;
  /** --var-file: the user's tfvars for the stack (region, owner, endpoint_public_access_cidrs…) */
  readonly varFile?: string;
  /** --api-cidr: who may reach the EKS API's public endpoint (default: the var file's, else the caller's IP) */
  readonly apiCidrs?: readonly string[];
  /** the Terraform configuration; default terraform/ of this checkout */
  readonly stackDir?: string;
  /** --namespace: where ltop deploys in the cluster (default: the overlay's, ltop) */
  readonly namespace?: string;
  /** the kustomize overlay; default k8s/overlays/eks */
  readonly overlayDir?: string;
  /** --workers when given */
  readonly expectedWorkers?: number;
  readonly readonly?: boolean;
  /** environment for Terraform (default process.env) */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * The one test seam: how to get from the stack's outputs to a KubeConfig. Default connectEks
   * (DescribeCluster + the SDK-signed token). Tests call connectEks against moto and then point
   * the KubeConfig at the test API server, since moto's endpoint is fake.
   */
  readonly connect?: EksConnect;
  /** bounds (tests shorten them) */
  readonly loadBalancerWaitMs?: number;
  readonly orphanSettleMs?: number;
  readonly pollIntervalMs?: number;
  /** passed to the kube platform (link: the session's one connection and WatchHub) */
  readonly kube?: { readonly readyTimeoutMs?: number; readonly localPort?: number; readonly backoff?: { readonly minMs?: number; readonly maxMs?: number }; readonly link?: KubeLink };
  /** the cost meter (--budget, the planned end, tests shorten the reads); the Logs panel's CloudWatch tail (liveTail false: poll only) */
  readonly cost?: { readonly budget?: number; readonly plannedEnd?: number; readonly collectEveryMs?: number; readonly snapshotEveryMs?: number; readonly swarm?: () => SwarmTraffic | undefined } | false;
  readonly logs?: { readonly liveTail?: boolean; readonly client?: CloudWatchLogsApi } | false;
}

export const DEFAULT_STACK_DIR = path.join(projectRoot, 'terraform');
export const DEFAULT_EKS_OVERLAY = path.join(projectRoot, 'k8s', 'overlays', 'eks');

/** The flags the eks platform reads; the CLI's resolved options (and createPlatform's request) have them. */
export interface EksFlags {
  readonly region?: string;
  readonly profile?: string;
  readonly varFile?: string;
  readonly apiCidrs?: readonly string[];
  readonly namespace?: string;
  readonly overlay: string;
  readonly workers: number;
  readonly workersGiven: boolean;
  readonly readonly: boolean;
  readonly budget?: number;
  readonly plannedRunSeconds?: number;
  readonly kubeLink?: KubeLink;
  readonly swarmTraffic?: () => SwarmTraffic | undefined;
}

export function eksOptionsFrom(flags: EksFlags): EksOptions {
  return {
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(flags.varFile ? { varFile: flags.varFile } : {}),
    ...(flags.apiCidrs?.length ? { apiCidrs: flags.apiCidrs } : {}),
    ...(flags.namespace ? { namespace: flags.namespace } : {}),
    overlayDir: flags.overlay,
    ...(flags.workersGiven ? { expectedWorkers: flags.workers } : {}),
    readonly: flags.readonly,
    ...(flags.kubeLink ? { kube: { link: flags.kubeLink } } : {}),
    cost: {
      ...(flags.budget !== undefined ? { budget: flags.budget } : {}),
      ...(flags.plannedRunSeconds !== undefined ? { plannedEnd: Date.now() + flags.plannedRunSeconds * 1000 } : {}),
      ...(flags.swarmTraffic ? { swarm: flags.swarmTraffic } : {}),
    },
  };
}
