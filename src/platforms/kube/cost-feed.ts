// The cost meter on kube: the cluster's nodes priced from their AWS labels (instance type,
// capacity type, region), read from the Node watch the infrastructure and target panels share
// (no request of its own; a node joining or leaving re-prices at once). A cluster whose nodes
// carry no instance-type label is not on AWS (or not knowably): no meter, never a made-up figure.
import { startCostFeed } from '../../cost/feed.js';
import { type NodeLike, nodesForMeter } from '../../cost/from-kube.js';
import { priceTable, SHIPPED_REGIONS } from '../../cost/prices.js';
import type { CostTicker } from '../../cost/ticker.js';
import type { EmitPlatformEvent } from '../platform.js';
import type { SharedCollection } from './watch-hub.js';

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

/** Starts the meter when the nodes say what they cost; undefined (and a log line saying why) otherwise. */
export async function startKubeCostFeed(nodeWatch: SharedCollection, emit: EmitPlatformEvent, o: KubeCostOptions): Promise<CostTicker | undefined> {
  const log = (line: string): void => emit({ type: 'platform/log', source: 'ltop', line, at: Date.now() });
  const none = (why: string): undefined => {
    const text = `no cost meter: ${why}`;
    if (o.budget !== undefined) emit({ type: 'platform/notice', level: 'warn', message: `${text}; --budget is not enforced` });
    else log(text);
    return undefined;
  };
  await nodeWatch.start();
  const readNodes = (): NodeLike[] => nodeWatch.items() as NodeLike[];
  const nodes = readNodes();
  if (nodeWatch.failure && nodes.length === 0) return none(`cannot list the cluster's nodes (${nodeWatch.failure.message})`);
  if (nodesForMeter(nodes).length === 0) return none('the nodes carry no AWS instance-type label (node.kubernetes.io/instance-type)');
  const region = regionOf(nodes);
  if (!region) return none('the nodes carry no region label (topology.kubernetes.io/region)');
  if (!SHIPPED_REGIONS.includes(region)) return none(`ltop has no price table for ${region} (it has ${SHIPPED_REGIONS.join(', ')})`);
  log(`cost meter: ${nodesForMeter(nodes).length} nodes in ${region}, priced from the ${priceTable(region).date} table (nodes only: the control plane, NAT and load balancers are not seen from Kubernetes)`);
  const ticker = startCostFeed(
    {
      what: "the cluster's nodes",
      prices: priceTable(region),
      collect: async () => ({ nodes: nodesForMeter(readNodes()) }),
      ...(o.budget !== undefined ? { budget: o.budget } : {}),
      ...(o.plannedEnd !== undefined ? { plannedEnd: o.plannedEnd } : {}),
      ...(o.collectEveryMs !== undefined ? { collectEveryMs: o.collectEveryMs } : {}),
      ...(o.snapshotEveryMs !== undefined ? { snapshotEveryMs: o.snapshotEveryMs } : {}),
    },
    emit,
  );
  // a node added or removed changes $/h now, not at the next minute's read
  const off = nodeWatch.subscribe((type) => {
    if (type !== 'MODIFIED') void ticker.refresh();
  });
  return { refresh: ticker.refresh, stop: () => (off(), ticker.stop()) };
}
