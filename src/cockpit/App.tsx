// The cockpit: lays out the panels and owns the one keypress handler, which hands every key to
// the dispatcher (keymap.ts). Panels subscribe to the fields they draw (use-store.tsx).
import { Box, useInput, useWindowSize } from 'ink';
import React, { useRef } from 'react';
import type { State } from '../state/state.js';
import type { Store } from '../state/store.js';
import type { CockpitActions } from './actions.js';
import { BottomPanel } from './BottomPanel.js';
import { Charts, CHARTS_FIELDS } from './Charts.js';
import { Confirm, TypeToConfirm } from './ConfirmDangerous.js';
import { DetailView } from './DetailView.js';
import { pressInput, type DispatcherDeps } from './dispatch.js';
import { FilterPrompt } from './FilterPrompt.js';
import { Footer } from './Footer.js';
import { Header, HEADER_FIELDS, HEADER_HEIGHT } from './Header.js';
import { helpRows } from './help-lines.js';
import { HelpOverlay } from './HelpOverlay.js';
import type { KeyBinding } from './keymap.js';
import { computeLayout, MIN_HEIGHT, MIN_WIDTH, type Layout } from './layout.js';
import { PROVISION_FIELDS, ProvisionPanel } from './ProvisionPanel.js';
import { ScenarioPicker } from './ScenarioPicker.js';
import { StatusLine } from './StatusLine.js';
import { SwarmPrompt } from './SwarmPrompt.js';
import { SwarmTable, SWARM_TABLE_FIELDS } from './SwarmTable.js';
import { ColorProvider } from './theme.js';
import { TooSmall } from './TooSmall.js';
import { Live, useStateOf, type Fields } from './use-store.js';

export type { CockpitActions } from './actions.js';

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

// The frame itself only follows what moves sections around: not the clock, not the numbers.
const FRAME_FIELDS: Fields = ['ui', 'locust', 'status', 'fatal', 'locustError', 'masterUrl', 'platform', 'expectedWorkers', 'scenario', 'where', 'infraRun'];

const PROMPTS: ReadonlySet<string> = new Set(['swarm', 'scenario', 'confirm', 'type-confirm']);

function pageOf(state: State, layout: Layout): number {
  if (state.ui.overlay.kind === 'help') return helpRows(layout.table + layout.charts + layout.bottom);
  return Math.max(1, (state.ui.focus === 'endpoints' ? layout.table - 2 : layout.bottom - 2) - 1);
}

/** The modal that has the keys, drawn where the charts and panels were: header and table stay. */
function Modal({ state, scenarios }: { readonly state: State; readonly scenarios: readonly string[] }): React.JSX.Element | null {
  const overlay = state.ui.overlay;
  switch (overlay.kind) {
    case 'swarm':
      return <SwarmPrompt prompt={overlay} />;
    case 'scenario':
      return <ScenarioPicker scenarios={scenarios} current={state.scenario} index={overlay.index} />;
    case 'confirm':
      return <Confirm prompt={overlay} />;
    case 'type-confirm':
      return <TypeToConfirm prompt={overlay} />;
    default:
      return null;
  }
}

/** What the keys do on the too-small screen: an open question stays readable there, since the next key answers it. */
function tooSmallHint(overlay: State['ui']['overlay']): string {
  switch (overlay.kind) {
    case 'confirm':
      return `${overlay.question} [y/N]`;
    case 'type-confirm':
      return `${overlay.question} Esc cancels`;
    case 'none':
      return 'q quits';
    default:
      return 'Esc closes the open prompt; q quits';
  }
}

export function App(props: AppProps): React.JSX.Element {
  const { store } = props;
  const state = useStateOf(store, FRAME_FIELDS);
  const { columns, rows } = useWindowSize();
  // Some outputs (pipes, test doubles) report no size: assume the classic 80x24.
  const width = columns || 80;
  const height = rows || 24;
  const layout = computeLayout(height, state.locust?.endpoints.length ?? 0, state.ui.filter !== '');
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  const widthRef = useRef(width);
  widthRef.current = width;
  const deps = useRef<DispatcherDeps | null>(null);
  deps.current = { store, keymap: props.keymap, actions: props.actions, scenarios: props.scenarios, page: () => pageOf(store.getState(), layoutRef.current), width: () => widthRef.current };
  useInput((input, key) => pressInput(deps.current!, input, key), { isActive: props.keys });

  const overlay = state.ui.overlay;
  if (width < MIN_WIDTH || height < MIN_HEIGHT) return <TooSmall columns={width} rows={height} hint={tooSmallHint(overlay)} />;
  const body = layout.table + layout.charts + layout.bottom;
  return (
    <ColorProvider color={props.color}>
      <Box flexDirection="column" width={width} height={height}>
        <Live store={store} fields={HEADER_FIELDS} Panel={Header} width={width} height={HEADER_HEIGHT} />
        {overlay.kind === 'help' ? (
          <HelpOverlay keymap={props.keymap} state={state} width={width} height={body} readonly={props.readonly} />
        ) : overlay.kind === 'detail' ? (
          <DetailView detail={overlay} width={width} height={body} />
        ) : (
          <>
            <Live store={store} fields={SWARM_TABLE_FIELDS} Panel={SwarmTable} width={width} height={layout.table} />
            {PROMPTS.has(overlay.kind) ? (
              <Box height={layout.charts + layout.bottom} flexDirection="column">
                <Modal state={state} scenarios={props.scenarios} />
              </Box>
            ) : state.infraRun && state.infraRun.outcome !== 'done' ? (
              <Live store={store} fields={PROVISION_FIELDS} Panel={ProvisionPanel} width={width} height={layout.charts + layout.bottom} />
            ) : (
              <>
                {/* the Target tab's scaling timeline plots RPS and p95 itself: it takes the charts' rows too */}
                {state.ui.tab === 'target' ? null : <Live store={store} fields={CHARTS_FIELDS} Panel={Charts} width={width} height={layout.charts} />}
                <BottomPanel store={store} width={width} height={state.ui.tab === 'target' ? layout.charts + layout.bottom : layout.bottom} />
              </>
            )}
          </>
        )}
        <Box flexGrow={1} />
        {overlay.kind === 'filter' ? <FilterPrompt text={overlay.field.text} logs={overlay.target === 'logs'} /> : <StatusLine state={state} width={width} />}
        <Footer keymap={props.keymap} state={state} readonly={props.readonly} width={width} />
      </Box>
    </ColorProvider>
  );
}
