// Builds the store, platform and session that both the cockpit and headless mode run on.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedOptions } from '../cli/options.js';
import { projectRoot } from '../paths.js';
import { createPlatform } from '../platforms/create.js';
import type { Platform } from '../platforms/platform.js';
import { scenarioLabel } from '../scenarios.js';
import { initialState } from '../state/state.js';
import { createStore, type Store } from '../state/store.js';
import { Session } from '../session/session.js';

export const LTOP_VERSION: string = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

export interface Wired {
  readonly store: Store;
  readonly platform: Platform;
  readonly session: Session;
}

export async function wire(options: ResolvedOptions, lastSwarm: { users: number; spawnRate: number }, maxHz: number): Promise<Wired> {
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
  const platform = await createPlatform(options, (event) => store.dispatch(event));
  const session = new Session({ platform, store, scenario: options.scenario, resultsRoot: options.resultsDir, ltopVersion: LTOP_VERSION, ...(options.host ? { targetHost: options.host } : {}) });
  return { store, platform, session };
}
