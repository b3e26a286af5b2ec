// The cost meter on eks: what the stack really runs (the cluster's control plane from
// DescribeCluster, its EC2 nodes and volumes, the stack's NAT gateways and their public IPv4s, the
// load balancers in its VPC), each from its creation time, so "spent since the stack came up"
// survives restarting ltop; spot nodes at the spot price history's price when it answers.
import { DescribeClusterCommand, type EKSClient } from '@aws-sdk/client-eks';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { startCostFeed } from '../../cost/feed.js';
import { supportOf } from '../../cost/eks-support.js';
import type { RunningResources } from '../../cost/meter.js';
import type { SpotPrices } from '../../cost/prices.js';
import type { SwarmTraffic } from '../../cost/swarm-traffic.js';
import type { CostTicker } from '../../cost/ticker.js';
import type { EmitPlatformEvent } from '../../domain/platform-vocabulary.js';
import type { AwsContext } from '../context.js';
import { pricesFor } from './price-list.js';
import { priceCacheDir } from './stack-estimate.js';
import { collectRunningResources } from './running.js';
import { fetchSpotPrices } from './spot.js';

export interface EksCostFeedOptions {
  readonly aws: Pick<AwsContext, 'region' | 'clientConfig'>;
  /** the session's EKS client (the platform owns it) */
  readonly eks: Pick<EKSClient, 'send'>;
  readonly cluster: string;
  /** terraform output stack_tag */
  readonly stackTag: { readonly key: string; readonly value: string };
  readonly budget?: number;
  /** when the planned test ends (epoch ms), for the projection */
  readonly plannedEnd?: number;
  /** where `ltop estimate --refresh-prices` cached a newer table */
  readonly cacheDir?: string;
  readonly collectEveryMs?: number;
  readonly snapshotEveryMs?: number;
  /** what the swarm moved (bytes, since when, target outside the VPC): the NAT data line */
  readonly swarm?: () => SwarmTraffic | undefined;
}

/** The control plane as the meter prices it: EKS's own support type when it says, else the calendar. */
export async function controlPlaneOf(eks: Pick<EKSClient, 'send'>, name: string, signal?: AbortSignal): Promise<NonNullable<RunningResources['controlPlanes']>[number]> {
  const { cluster } = await eks.send(new DescribeClusterCommand({ name }), signal ? { abortSignal: signal } : {});
  const said = cluster?.upgradePolicy?.supportType;
  const support = said === 'EXTENDED' ? 'extended' : said === 'STANDARD' ? 'standard' : supportOf(cluster?.version ?? '', Date.now()).support;
  return { name, support, createdAt: cluster?.createdAt?.getTime() ?? Date.now() };
}

/** Starts the meter; undefined (with a notice saying why) when the region has no price table. */
export async function startEksCostFeed(o: EksCostFeedOptions, emit: EmitPlatformEvent): Promise<(CostTicker & { stop(): void }) | undefined> {
  let prices;
  try {
    prices = await pricesFor(o.aws.region, o.cacheDir ?? priceCacheDir());
  } catch (err) {
    const text = `no cost meter: ${err instanceof Error ? err.message : String(err)}`;
    emit(o.budget !== undefined ? { type: 'platform/notice', level: 'warn', message: `${text}; --budget is not enforced` } : { type: 'platform/log', source: 'ltop', line: text, at: Date.now() });
    return undefined;
  }
  const ec2 = new EC2Client(o.aws.clientConfig);
  const elbv2 = new ElasticLoadBalancingV2Client(o.aws.clientConfig);
  let spotTypes: string[] = [];
  const ticker = startCostFeed(
    {
      what: `stack ${o.stackTag.value}`,
      prices,
      collect: async (signal) => {
        const controlPlane = await controlPlaneOf(o.eks, o.cluster, signal);
        const running = await collectRunningResources({ ec2, elbv2, cluster: o.cluster, stackTag: o.stackTag, controlPlane, signal });
        spotTypes = [...new Set((running.nodes ?? []).filter((n) => n.capacity === 'spot').map((n) => n.instanceType))];
        return running;
      },
      // spot nodes at the price in effect now; without an answer the table's assumed fraction (and a note)
      spot: async (signal): Promise<SpotPrices | undefined> => (spotTypes.length ? (await fetchSpotPrices(ec2, spotTypes, { signal })).prices : undefined),
      ...(o.budget !== undefined ? { budget: o.budget } : {}),
      ...(o.plannedEnd !== undefined ? { plannedEnd: o.plannedEnd } : {}),
      ...(o.collectEveryMs !== undefined ? { collectEveryMs: o.collectEveryMs } : {}),
      ...(o.snapshotEveryMs !== undefined ? { snapshotEveryMs: o.snapshotEveryMs } : {}),
      ...(o.swarm ? { swarm: o.swarm } : {}),
    },
    emit,
  );
  emit({ type: 'platform/log', source: 'ltop', line: `cost meter: stack ${o.stackTag.value} in ${o.aws.region} (control plane, nodes, volumes, NAT gateways, public IPv4, load balancers), priced from the ${prices.date} table`, at: Date.now() });
  return {
    refresh: ticker.refresh,
    stop() {
      ticker.stop();
      ec2.destroy();
      elbv2.destroy();
    },
  };
}
