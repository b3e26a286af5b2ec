import { Box, Text } from 'ink';
import React from 'react';
import { fmtDuration, fmtPercent, fmtRate } from '../render/format.js';
import { connectedWorkers, elapsedMs, phase } from '../state/selectors.js';
import type { Phase, State } from '../state/state.js';
import { useTone } from './theme.js';

const PHASE_COLOR: Record<Phase, string> = {
  starting: 'yellow',
  ready: 'cyan',
  spawning: 'yellow',
  running: 'green',
  stopped: 'gray',
  error: 'red',
};

export function Header({ state, width }: { readonly state: State; readonly width: number }): React.JSX.Element {
  const tone = useTone();
  const current = phase(state);
  const connected = connectedWorkers(state);
  const workersShort = connected < state.expectedWorkers;
  const locust = state.locust;
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold color={tone('cyan')}>ltop</Text>
        <Text> {state.platform} · {state.targetHost || '—'} · scenario </Text>
        <Text bold>{state.scenario}</Text>
      </Text>
      <Text wrap="truncate">
        <Text bold color={tone(PHASE_COLOR[current])} inverse={current === 'error'}>
          {` ${current.toUpperCase()} `}
        </Text>
        <Text> users {locust?.users ?? 0}</Text>
        <Text color={workersShort ? tone('yellow') : undefined}>  workers {connected}/{state.expectedWorkers}</Text>
        <Text>  elapsed {fmtDuration(elapsedMs(state))}</Text>
        <Text>  rps {fmtRate(locust?.rps ?? 0)}</Text>
        <Text color={(locust?.failRatio ?? 0) > 0 ? tone('red') : undefined}>  fail {fmtPercent(locust?.failRatio ?? 0)}</Text>
      </Text>
    </Box>
  );
}
