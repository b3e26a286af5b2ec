import { Box, Text } from 'ink';
import React from 'react';
import { connectedWorkers } from '../state/selectors.js';
import type { BottomTab, State } from '../state/state.js';
import { ERRORS_FIELDS, ErrorsPanel } from './ErrorsPanel.js';
import { INFRA_FIELDS, InfraPanel } from './InfraPanel.js';
import { TAB_ORDER } from './keys/main.js';
import { LOGS_FIELDS, LogsPanel } from './LogsPanel.js';
import type { Store } from '../state/store.js';
import { Live, useStateOf, type Fields, type PanelProps } from './use-store.js';
import { WORKERS_FIELDS, WorkersPanel } from './WorkersPanel.js';
import { TARGET_FIELDS, TargetPanel } from './TargetPanel.js';
import { targetCounts } from '../target/header.js';

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
    case 'target':
      return state.target ? `Target ${targetCounts(state.target).ready}/${targetCounts(state.target).desired}` : 'Target';
  }
}

const PANELS: Record<BottomTab, { readonly Panel: React.ComponentType<PanelProps>; readonly fields: Fields }> = {
  workers: { Panel: WorkersPanel, fields: WORKERS_FIELDS },
  logs: { Panel: LogsPanel, fields: LOGS_FIELDS },
  errors: { Panel: ErrorsPanel, fields: ERRORS_FIELDS },
  infra: { Panel: InfraPanel, fields: INFRA_FIELDS },
  target: { Panel: TargetPanel, fields: TARGET_FIELDS },
};

const TABS_FIELDS: Fields = ['locust', 'expectedWorkers', 'ui', 'target'];

/** The tab line; brackets mark the open tab where inverse video is off (NO_COLOR), * the focus. */
export function Tabs({ state, width }: PanelProps): React.JSX.Element {
  return (
    <Text wrap="truncate">
      {TAB_ORDER.map((tab) => {
        const open = tab === state.ui.tab;
        const focus = open && state.ui.focus === tab ? '*' : '';
        return (
          <Text key={tab} inverse={open} bold={open}>
            {open ? `[${tabTitle(tab, state)}${focus}]` : ` ${tabTitle(tab, state)} `}
          </Text>
        );
      })}
      <Text dimColor>{width >= 100 && state.ui.tab !== 'target' ? '  Tab focus · j/k scroll · Enter open' : ''}</Text>
    </Text>
  );
}

/** One of workers / logs / errors / infra, chosen with Tab or w l e i. */
export const BottomPanel = React.memo(function BottomPanel({ store, width, height }: { readonly store: Store; readonly width: number; readonly height: number }): React.JSX.Element {
  const tab = useStateOf(store, ['ui']).ui.tab;
  const { Panel, fields } = PANELS[tab];
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Live store={store} fields={TABS_FIELDS} Panel={Tabs} width={width} height={1} />
      <Live store={store} fields={fields} Panel={Panel} width={width} height={height - 1} />
    </Box>
  );
});
