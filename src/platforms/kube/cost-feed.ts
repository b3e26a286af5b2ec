// The cost meter on kube: the cluster's nodes priced from their AWS labels (instance type,
// capacity type, region). A cluster whose nodes carry no instance-type label is not on AWS (or
// not knowably): no meter, never a made-up figure.
import { startCostFeed } from '../../cost/feed.js';
import { type NodeLike, nodesForMeter } from '../../cost/from-kube.js';
import { priceTable, SHIPPED_REGIONS } from '../../cost/prices.js';
import type { CostTicker } from '../../cost/ticker.js';
import type { EmitPlatformEvent } from '../platform.js';
import type { KubeConnection } from './config.js';
import type { KubeList } from './rest.js';

export interface KubeCostOptions {
  readonly budget?: number;
  /** when the planned test ends (epoch ms), for the projection */
  readonly plannedEnd?: number;
  /** between reads of the nodes (default 60 s) */
  readonly collectEveryMs?: number;
  readonly snapshotEveryMs?: number;
}

const REGION_LABELS = ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'];

export function regionOf(nodes: readonly NodeLike[]): string | undefined {
  for (const n of nodes) for (const key of REGION_LABELS) if (n.metadata?.labels?.[key]) return n.metadata.labels[key];
  return undefined;
}

const readNodes = async (c: KubeConnection, signal?: AbortSignal): Promise<NodeLike[]> => (await c.rest.request<KubeList<NodeLike>>('GET', '/api/v1/nodes', signal ? { signal } : {})).items;

/** Starts the meter when the nodes say what they cost; undefined (and a log line saying why) otherwise. */
export async function startKubeCostFeed(c: KubeConnection, emit: EmitPlatformEvent, o: KubeCostOptions): Promise<CostTicker | undefined> {
  const log = (line: string): void => emit({ type: 'platform/log', source: 'ltop', line, at: Date.now() });
  const none = (why: string): undefined => {
    const text = `no cost meter: ${why}`;
    if (o.budget !== undefined) emit({ type: 'platform/notice', level: 'warn', message: `${text}; --budget is not enforced` });
    else log(text);
    return undefined;
  };
  let nodes: NodeLike[];
  try {
    nodes = await readNodes(c);
  } catch (err) {
    return none(`cannot list the cluster's nodes (${err instanceof Error ? err.message : String(err)})`);
  }
  if (nodesForMeter(nodes).length === 0) return none('the nodes carry no AWS instance-type label (node.kubernetes.io/instance-type)');
  const region = regionOf(nodes);
  if (!region) return none('the nodes carry no region label (topology.kubernetes.io/region)');
  if (!SHIPPED_REGIONS.includes(region)) return none(`ltop has no price table for ${region} (it has ${SHIPPED_REGIONS.join(', ')})`);
  log(`cost meter: ${nodesForMeter(nodes).length} nodes in ${region}, priced from the ${priceTable(region).date} table (nodes only: the control plane, NAT and load balancers are not seen from Kubernetes)`);
  return startCostFeed(
    {
      what: "the cluster's nodes",
      prices: priceTable(region),
      collect: async (signal) => ({ nodes: nodesForMeter(await readNodes(c, signal)) }),
      ...(o.budget !== undefined ? { budget: o.budget } : {}),
      ...(o.plannedEnd !== undefined ? { plannedEnd: o.plannedEnd } : {}),
      ...(o.collectEveryMs !== undefined ? { collectEveryMs: o.collectEveryMs } : {}),
      ...(o.snapshotEveryMs !== undefined ? { snapshotEveryMs: o.snapshotEveryMs } : {}),
    },
    emit,
  );
}
