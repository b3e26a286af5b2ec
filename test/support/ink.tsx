// Renders the cockpit with ink-testing-library and waits for frames instead of sleeping.
import { render } from 'ink-testing-library';
import React from 'react';
import { App, type CockpitActions } from '../../src/cockpit/App.js';
import { activeKeymap } from '../../src/cockpit/keymap.js';
import type { Event } from '../../src/state/events.js';
import { initialState, type State } from '../../src/state/state.js';
import { createStore, type Store } from '../../src/state/store.js';
import { eventually } from './wait.js';
import { steppedUsers } from '../../src/session/actions.js';
import { swarmBase } from '../../src/state/selectors.js';

export const KEYS = { enter: '\r', escape: '\u001b', tab: '\t', backspace: '\u007f', up: '\u001b[A', down: '\u001b[B', pageDown: '\u001b[6~', pageUp: '\u001b[5~', ctrlC: '\u0003', ctrlU: '\u0015' } as const;

export function baseState(overrides: Partial<State> = {}): State {
  return {
    ...initialState({ platform: 'local', where: 'local processes', scenario: 'jsonplaceholder', targetHost: 'http://127.0.0.1:8080', expectedWorkers: 2, lastSwarm: { users: 10, spawnRate: 5 }, now: 1_800_000_000_000 }),
    masterUrl: 'http://127.0.0.1:8089',
    ...overrides,
  };
}

export type Call = [keyof CockpitActions, ...unknown[]];

export function recordingActions(calls: Call[], store?: Store): CockpitActions {
  const record =
    (name: keyof CockpitActions) =>
    (...args: unknown[]): void => {
      calls.push([name, ...args]);
    };
  // as the session does: the count asked for goes into the state at once, and a step counts from it
  const swarm = (users: number, spawnRate: number): void => {
    store?.dispatch({ type: 'session/swarm-asked', users, spawnRate });
    record('swarm')(users, spawnRate);
  };
  return {
    swarm,
    stepUsers: (direction) => {
      if (!store) return record('stepUsers')(direction);
      const base = swarmBase(store.getState());
      swarm(Math.max(1, steppedUsers(base.users, direction)), base.spawnRate);
    },
    stop: record('stop'),
    // as the session does: the count asked for is the expected count at once
    scaleWorkers: (delta) => {
      if (store) store.dispatch({ type: 'platform/expected-workers', expectedWorkers: Math.max(0, store.getState().expectedWorkers + delta) });
      record('scaleWorkers')(delta);
    },
    switchScenario: record('switchScenario'),
    reset: record('reset'),
    provision: record('provision'),
    teardown: record('teardown'),
    quit: record('quit'),
  };
}

export interface Cockpit {
  readonly store: Store;
  readonly calls: Call[];
  frame(): string;
  press(...keys: string[]): Promise<void>;
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  resize(columns: number, rows: number): void;
  dispatch(event: Event): void;
  unmount(): void;
}

export async function renderCockpit(options: { state?: State; readonly?: boolean; scenarios?: string[]; columns?: number; rows?: number } = {}): Promise<Cockpit> {
  const store = createStore(options.state ?? baseState(), 1000, 0);
  const calls: Call[] = [];
  const instance = render(
    <App store={store} keymap={activeKeymap(options.readonly ?? false)} actions={recordingActions(calls, store)} scenarios={options.scenarios ?? ['custom', 'httpbin', 'jsonplaceholder']} readonly={options.readonly ?? false} color={false} keys />,
  );
  const resize = (columns: number, rows: number): void => {
    Object.defineProperty(instance.stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(instance.stdout, 'rows', { value: rows, configurable: true });
    instance.stdout.emit('resize');
  };
  if (options.columns || options.rows) resize(options.columns ?? 100, options.rows ?? 24);
  const frame = (): string => instance.lastFrame() ?? '';
  const waitFor = (text: string | RegExp, timeoutMs = 3000): Promise<string> =>
    eventually(() => {
      const current = frame();
      return (typeof text === 'string' ? current.includes(text) : text.test(current)) ? current : null;
    }, `a frame showing ${String(text)}; last frame:\n${frame()}`, timeoutMs);
  await eventually(() => frame().includes('ltop'), 'the first frame');
  return {
    store,
    calls,
    frame,
    waitFor,
    resize,
    dispatch: (event) => store.dispatch(event),
    async press(...keys) {
      for (const key of keys) {
        instance.stdin.write(key);
        // Ink reads stdin on the next turn (and flushes Esc via setImmediate).
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    unmount: () => {
      instance.unmount();
      store.close();
    },
  };
}
