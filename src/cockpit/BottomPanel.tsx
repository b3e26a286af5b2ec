import { Box, Text } from 'ink';
import React from 'react';
import { connectedWorkers } from '../state/selectors.js';
import type { BottomTab, State } from '../state/state.js';
import { ErrorsPanel } from './ErrorsPanel.js';
import { InfraPanel } from './InfraPanel.js';
import { TAB_ORDER } from './keymap.js';
import { LogsPanel } from './LogsPanel.js';
import { WorkersPanel } from './WorkersPanel.js';

function tabTitle(tab: BottomTab, state: State): string {
  switch (tab) {
    case 'workers':
      return `Workers ${connectedWorkers(state)}/${state.expectedWorkers}`;
    case 'logs':
      return 'Logs';
    case 'errors':
      return `Errors ${state.locust?.errors.length ?? 0}`;
    case 'infra':
      return 'Infra';
  }
}

const PANELS: Record<BottomTab, typeof WorkersPanel> = {
  workers: WorkersPanel,
  logs: LogsPanel,
  errors: ErrorsPanel,
  infra: InfraPanel,
};

/** One of workers / logs / errors / infra, chosen with Tab or w l e i. */
export function BottomPanel({ state, width, height }: { readonly state: State; readonly width: number; readonly height: number }): React.JSX.Element {
  const Panel = PANELS[state.ui.tab];
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate">
        {TAB_ORDER.map((tab) => (
          <Text key={tab} inverse={tab === state.ui.tab} bold={tab === state.ui.tab}>
            {/* brackets mark the open tab where inverse video is off (NO_COLOR) */}
            {tab === state.ui.tab ? `[${tabTitle(tab, state)}]` : ` ${tabTitle(tab, state)} `}
          </Text>
        ))}
      </Text>
      <Panel state={state} width={width} height={height - 1} />
    </Box>
  );
}
