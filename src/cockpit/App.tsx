// The cockpit: lays out the panels, owns the one key dispatcher, and routes keys to modals.
import { Box, useInput, useWindowSize } from 'ink';
import React, { useCallback, useSyncExternalStore } from 'react';
import type { Event } from '../state/events.js';
import { SORT_ORDER } from '../state/selectors.js';
import type { State } from '../state/state.js';
import type { Store } from '../state/store.js';
import { BottomPanel } from './BottomPanel.js';
import { Charts } from './Charts.js';
import { ConfirmDangerous } from './ConfirmDangerous.js';
import { FilterPrompt } from './FilterPrompt.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { HelpOverlay } from './HelpOverlay.js';
import { bindingFor, TAB_KEYS, TAB_ORDER, type ActionId, type KeyBinding } from './keymap.js';
import { computeLayout, MIN_HEIGHT, MIN_WIDTH } from './layout.js';
import { ScenarioPicker } from './ScenarioPicker.js';
import { StatusLine } from './StatusLine.js';
import { SwarmPrompt } from './SwarmPrompt.js';
import { SwarmTable } from './SwarmTable.js';
import { ColorProvider } from './theme.js';

export interface CockpitActions {
  swarm(users: number, spawnRate: number): void;
  stop(): void;
  setUsers(users: number): void;
  changeWorkers(delta: number): void;
  switchScenario(name: string): void;
  resetStats(): void;
  teardown(): void;
  quit(): void;
}

export interface AppProps {
  readonly store: Store;
  readonly keymap: readonly KeyBinding[];
  readonly actions: CockpitActions;
  readonly scenarios: readonly string[];
  readonly readonly: boolean;
  readonly color: boolean;
  /** false when stdin is not a terminal: no raw mode, no keys */
  readonly keys: boolean;
}

function keyName(input: string, key: { tab: boolean; ctrl: boolean }): string {
  if (key.tab) return 'tab';
  if (key.ctrl && input === 'c') return 'ctrl+c';
  return input;
}

function userStep(users: number): number {
  return Math.max(1, Math.round(users * 0.1));
}

export function App(props: AppProps): React.JSX.Element {
  const { store, keymap, actions } = props;
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const { columns, rows } = useWindowSize();
  const dispatch = useCallback((event: Event) => store.dispatch(event), [store]);
  const closeOverlay = useCallback(() => store.dispatch({ type: 'ui/overlay', overlay: { kind: 'none' } }), [store]);

  const run = (id: ActionId, pressed: string, current: State): void => {
    switch (id) {
      case 'swarm':
      case 'filter':
      case 'help':
      case 'scenario':
        return dispatch({ type: 'ui/overlay', overlay: { kind: id === 'filter' ? 'filter' : id } });
      case 'stop':
        return actions.stop();
      case 'users-up':
        return actions.setUsers(current.lastSwarm.users + userStep(current.lastSwarm.users));
      case 'users-down':
        return actions.setUsers(Math.max(1, current.lastSwarm.users - userStep(current.lastSwarm.users)));
      case 'workers-up':
        return actions.changeWorkers(1);
      case 'workers-down':
        return actions.changeWorkers(-1);
      case 'reset':
        return actions.resetStats();
      case 'teardown':
        return actions.teardown();
      case 'sort': {
        const next = SORT_ORDER[(SORT_ORDER.indexOf(current.ui.sort.column) + 1) % SORT_ORDER.length] ?? 'requests';
        return dispatch({ type: 'ui/sort', column: next, descending: next !== 'name' });
      }
      case 'sort-reverse':
        return dispatch({ type: 'ui/sort', column: current.ui.sort.column, descending: !current.ui.sort.descending });
      case 'tab': {
        const direct = TAB_KEYS[pressed];
        const next = direct ?? TAB_ORDER[(TAB_ORDER.indexOf(current.ui.tab) + 1) % TAB_ORDER.length] ?? 'workers';
        return dispatch({ type: 'ui/tab', tab: next });
      }
      case 'quit':
        return actions.quit();
    }
  };

  useInput((input, key) => {
    const current = store.getState();
    const overlay = current.ui.overlay;
    if (overlay.kind === 'help') return closeOverlay();
    if (overlay.kind !== 'none') return; // the open modal has the keys
    const pressed = keyName(input, key);
    const binding = bindingFor(keymap, pressed);
    if (!binding || !(binding.available?.(current) ?? true)) return;
    const ask = binding.confirm?.(current);
    if (ask) return dispatch({ type: 'ui/overlay', overlay: { kind: 'confirm', actionId: binding.id, question: ask.question, ...(ask.typeToConfirm ? { typeToConfirm: ask.typeToConfirm } : {}) } });
    run(binding.id, pressed, current);
  }, { isActive: props.keys });

  // Some outputs (pipes, test doubles) report no size: assume the classic 80x24.
  const width = Math.max(MIN_WIDTH, columns || 80);
  const height = Math.max(MIN_HEIGHT, rows || 24);
  const layout = computeLayout(height, (state.locust?.endpoints.length ?? 0));
  const overlay = state.ui.overlay;

  const modal = (() => {
    switch (overlay.kind) {
      case 'help':
        return <HelpOverlay keymap={keymap} state={state} width={width} readonly={props.readonly} />;
      case 'swarm':
        return <SwarmPrompt users={state.lastSwarm.users} spawnRate={state.lastSwarm.spawnRate} onCancel={closeOverlay} onSubmit={(users, rate) => { closeOverlay(); actions.swarm(users, rate); }} />;
      case 'scenario':
        return <ScenarioPicker scenarios={props.scenarios} current={state.scenario} onCancel={closeOverlay} onPick={(name) => { closeOverlay(); actions.switchScenario(name); }} />;
      case 'confirm':
        return (
          <ConfirmDangerous
            question={overlay.question}
            {...(overlay.typeToConfirm ? { typeToConfirm: overlay.typeToConfirm } : {})}
            onAnswer={(yes) => {
              closeOverlay();
              if (yes) run(overlay.actionId as ActionId, '', store.getState());
            }}
          />
        );
      default:
        return null;
    }
  })();

  return (
    <ColorProvider color={props.color}>
      <Box flexDirection="column" width={width} height={height} overflow="hidden">
        <Header state={state} width={width} />
        {modal ?? (
          <>
            <SwarmTable state={state} width={width} height={layout.table} />
            <Charts state={state} width={width} height={layout.charts} />
            <BottomPanel state={state} width={width} height={layout.bottom} />
          </>
        )}
        <Box flexGrow={1} />
        {overlay.kind === 'filter' ? (
          <FilterPrompt initial={state.ui.filter} onChange={(filter) => dispatch({ type: 'ui/filter', filter })} onClose={closeOverlay} />
        ) : (
          <StatusLine state={state} width={width} />
        )}
        <Footer keymap={keymap} state={state} readonly={props.readonly} width={width} />
      </Box>
    </ColorProvider>
  );
}

