// Builds the store, platform and session that both the cockpit and headless mode run on.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedOptions } from '../cli/options.js';
import { projectRoot } from '../paths.js';
import { createPlatform } from '../platforms/create.js';
import { swarmTraffic } from '../cost/swarm-traffic.js';
import { KubeLink } from '../platforms/kube/link.js';
import type { Platform } from '../platforms/platform.js';
import { scenarioLabel } from '../scenarios.js';
import { initialState } from '../state/state.js';
import { createStore, type Store } from '../state/store.js';
import { Session } from '../session/session.js';
import { startTargetFeed, type TargetFeed } from './target-feed.js';

export const LTOP_VERSION: string = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

export interface Wired {
  readonly store: Store;
  readonly platform: Platform;
  readonly session: Session;
  /** the system under test and the scaling timeline: stop it after the session's last save */
  readonly feed: TargetFeed;
}

export interface WireExtras {
  readonly onSwarmAccepted?: (swarm: { readonly users: number; readonly spawnRate: number }) => void;
  /** a timed run's length: the cost meter projects to its end */
  readonly plannedRunSeconds?: number;
}

/** what the swarm moved so far, for the eks meter's NAT data */
const trafficOf = (store: Store): ReturnType<typeof swarmTraffic> | undefined => {
  const state = store.getState();
  return state.locust ? swarmTraffic({ requests: state.locust.total.requests, avgSize: state.locust.total.avgSize, startedAt: state.swarmStartedAt, targetHost: state.targetHost }) : undefined;
};

export async function wire(options: ResolvedOptions, lastSwarm: { users: number; spawnRate: number }, maxHz: number, extras: WireExtras = {}): Promise<Wired> {
  const store = createStore(
    initialState({
      platform: options.platform,
      where: options.platform,
      scenario: scenarioLabel(options.scenario),
      targetHost: options.host ?? '',
      expectedWorkers: options.workers,
      lastSwarm,
      now: Date.now(),
    }),
    maxHz,
  );
  // Platform events reach the store through the session, which must hear of a lost master.
  let session: Session | null = null;
  const { plannedRunSeconds, ...sessionExtras } = extras;
  // on a cluster, one connection and one WatchHub for the platform and the target panel
  const kubeLink = options.platform === 'local' ? undefined : new KubeLink();
  const platform = await createPlatform({ ...options, ...(plannedRunSeconds !== undefined ? { plannedRunSeconds } : {}), ...(kubeLink ? { kubeLink } : {}), swarmTraffic: () => trafficOf(store) }, (event) => (session ? session.onPlatformEvent(event) : store.dispatch(event)));
  session = new Session({ platform, store, scenario: options.scenario, resultsRoot: options.resultsDir, ltopVersion: LTOP_VERSION, ...(options.host ? { targetHost: options.host } : {}), ...sessionExtras });
  const feed = startTargetFeed(options, store, {}, kubeLink);
  return { store, platform, session, feed: { hasTarget: feed.hasTarget, stop: () => (feed.stop(), kubeLink?.stop()) } };
}
