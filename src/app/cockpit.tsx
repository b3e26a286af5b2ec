// The interactive cockpit: Ink on a terminal, the same session as headless mode underneath.
import { render } from 'ink';
import React from 'react';
import type { ResolvedOptions } from '../cli/options.js';
import { summaryText } from '../headless/line.js';
import { listScenarios } from '../scenarios.js';
import { recallLastSwarm, rememberLastSwarm } from './memory.js';
import { onTerminationSignal, SIGNAL_EXIT_CODES } from './signals.js';
import { wire } from './wire.js';
import { App, type CockpitActions } from '../cockpit/App.js';
import { activeKeymap } from '../cockpit/keymap.js';

export const REFRESH_HZ = 4;

export async function runCockpit(options: ResolvedOptions, color: boolean): Promise<number> {
  const remembered = recallLastSwarm();
  const lastSwarm = options.swarmGiven || !remembered ? { users: options.users, spawnRate: options.spawnRate } : remembered;
  const { store, session } = await wire(options, lastSwarm, REFRESH_HZ);
  const keysWork = process.stdin.isTTY === true;
  let leaving: Promise<number> | null = null;

  const leave = (mode: 'detach' | 'teardown', code: number): Promise<number> => {
    leaving ??= (async () => {
      store.dispatch({ type: 'session/status', level: 'info', message: mode === 'teardown' ? 'saving results, then tearing down…' : 'saving results and stopping…', at: Date.now() });
      store.flush();
      const saved = await session.shutdown(mode).catch(() => null);
      instance.unmount();
      await instance.waitUntilExit().catch(() => undefined);
      if (saved) process.stdout.write(`${summaryText(saved.summary, saved.dir)}\n`);
      return code;
    })();
    return leaving;
  };

  const actions: CockpitActions = {
    swarm: (users, spawnRate) => {
      rememberLastSwarm({ users, spawnRate });
      void session.swarm(users, spawnRate);
    },
    stop: () => void session.stopSwarm(),
    setUsers: (users) => void session.setUsers(users),
    changeWorkers: (delta) => void session.changeWorkers(delta),
    switchScenario: (name) => void session.switchScenario({ kind: 'bundled', name }),
    resetStats: () => void session.resetStats(),
    teardown: () => void leave('teardown', 0),
    quit: () => void leave('detach', 0),
  };

  const instance = render(
    <App store={store} keymap={activeKeymap(options.readonly)} actions={actions} scenarios={listScenarios()} readonly={options.readonly} color={color} keys={keysWork} />,
    { exitOnCtrlC: false, maxFps: REFRESH_HZ, interactive: process.stdout.isTTY === true, alternateScreen: process.stdout.isTTY === true, patchConsole: true },
  );
  const dispose = onTerminationSignal((signal) => void leave('detach', SIGNAL_EXIT_CODES[signal] ?? 1));
  void session.start();
  await instance.waitUntilExit().catch(() => undefined);
  const code = await (leaving ?? leave('detach', 0));
  dispose();
  store.close();
  return code;
}
