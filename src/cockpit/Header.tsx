import { Box, Text } from 'ink';
import React from 'react';
import { costSegment } from '../render/cost.js';
import { fmtAgo, fmtCount, fmtDuration, fmtPercent, fmtRate, plural } from '../render/format.js';
import { connectedWorkers, currentRps, elapsedMs, hotWorkers, phase, workersUnknown } from '../state/selectors.js';
import type { Phase } from '../state/state.js';
import { useTone } from './theme.js';
import { targetHeader } from '../target/header.js';
import type { Fields, PanelProps } from './use-store.js';

const PHASE_COLOR: Record<Phase, string> = {
  starting: 'yellow',
  undeployed: 'yellow',
  ready: 'cyan',
  spawning: 'yellow',
  running: 'green',
  stopped: 'gray',
  error: 'red',
};

export const HEADER_FIELDS: Fields = ['platform', 'where', 'scenario', 'targetHost', 'masterUrl', 'expectedWorkers', 'fatal', 'locust', 'locustError', 'now', 'swarmStartedAt', 'swarmEndedAt', 'target', 'cost'];
export const HEADER_HEIGHT = 3;

/** What runs where (line 1), how to reach it (line 2), and the numbers that matter now (line 3). */
export function Header({ state, width }: PanelProps): React.JSX.Element {
  const tone = useTone();
  const current = phase(state);
  const connected = workersUnknown(state) ? '?' : connectedWorkers(state);
  const locust = state.locust;
  const hot = hotWorkers(state);
  const requests = locust?.total.requests ?? 0;
  const updated = locust ? `updated ${fmtAgo(state.now - locust.at)}` : 'no numbers yet';
  const targetLine = state.target ? targetHeader(state.target) : null;
  const cost = costSegment(state.cost);
  const warning = hot.length ? ` ⚠ worker CPU ${Math.round(Math.max(...hot.map((worker) => worker.cpuPercent)))}%: the load generator is the bottleneck, add workers ` : null;
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold color={tone('cyan')}>ltop</Text>
        <Text> {state.platform} · scenario </Text>
        <Text bold>{state.scenario}</Text>
        <Text> · elapsed {fmtDuration(elapsedMs(state))}</Text>
        <Text dimColor> · {updated}</Text>
      </Text>
      <Text wrap="truncate">
        {/* what must be seen even at 80 columns comes first: a hot worker, a budget warning */}
        {warning ? <Text bold color={tone('red')} inverse>{warning}</Text> : null}
        {cost?.budget ? <Text bold color={tone(cost.level === 'breach' ? 'red' : 'yellow')} inverse={cost.level !== 'ok'}>{` ⚠ ${cost.budget} `}</Text> : null}
        <Text> target {state.targetHost || '—'}</Text>
        <Text dimColor> · web UI {state.masterUrl ?? '—'}</Text>
        {cost ? <Text> · {cost.meter}</Text> : null}
      </Text>
      <Text wrap="truncate">
        <Text bold color={tone(PHASE_COLOR[current])} inverse={current === 'error'}>{` ${current.toUpperCase()} `}</Text>
        <Text> {plural(locust?.users ?? 0, 'user')}</Text>
        <Text color={connected === '?' || connected < state.expectedWorkers || hot.length ? tone('yellow') : undefined}>  {connected}/{plural(state.expectedWorkers, 'worker')}</Text>
        <Text>  {fmtCount(requests)} {requests === 1 ? 'request' : 'requests'}</Text>
        <Text>  rps {fmtRate(currentRps(state))}</Text>
        <Text color={(locust?.failRatio ?? 0) > 0 ? tone('red') : undefined}>  fail {fmtPercent(locust?.failRatio ?? 0)}</Text>
        {targetLine ? <Text>  · {targetLine.text}</Text> : null}
        {targetLine?.warning ? <Text color={tone('yellow')}> ⚠ {targetLine.warning}</Text> : null}
      </Text>
    </Box>
  );
}
