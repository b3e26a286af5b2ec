// The system under test: its Deployments (replicas, HPA), the scaling timeline (RPS and p95
// beside desired/ready replicas, on one time axis, scale events marked under it), its pods
// (Pending first, with the scheduler's reason) and its events, newest first.
import { Box, Text } from 'ink';
import React from 'react';
import { AXIS_WIDTH, COLORS, pointsThatFit } from '../render/chart.js';
import { TitledChart } from './Charts.js';
import { truncate } from '../render/format.js';
import { eventLine, marksLine, podLines, summaryLines, type TargetLine } from '../render/target.js';
import { currentRps } from '../state/selectors.js';
import { timelineSeries } from '../target/timeline.js';
import { useTone } from './theme.js';
import type { Fields, PanelProps } from './use-store.js';

export const TARGET_FIELDS: Fields = ['target', 'timeline', 'serverSample', 'locust', 'ui', 'platform'];

function Lines({ lines, width }: { readonly lines: readonly TargetLine[]; readonly width: number }): React.JSX.Element {
  const tone = useTone();
  return (
    <Box flexDirection="column" width={width}>
      {lines.map((line, index) => (
        <Text key={index} wrap="truncate" color={line.warn ? tone('yellow') : undefined}>{truncate(line.text, width)}</Text>
      ))}
    </Box>
  );
}

interface Plot {
  readonly title: string;
  readonly lines: readonly { readonly label: string; readonly values: readonly number[]; readonly color: keyof typeof COLORS }[];
}

/** The three charts share the same samples, bucketed to the same number of points: one time axis. */
function Timeline({ state, width, height }: PanelProps): React.JSX.Element {
  const chartWidth = Math.floor((width - 2) / 3);
  const series = timelineSeries(state.timeline, pointsThatFit(chartWidth));
  const plots: Plot[] = [
    { title: 'RPS', lines: [{ label: 'locust', values: series.rps, color: 'green' }, ...(series.serverRps ? [{ label: 'server', values: series.serverRps, color: 'magenta' as const }] : [])] },
    { title: 'p95 ms', lines: [{ label: 'p95', values: series.p95, color: 'yellow' }] },
    { title: 'Replicas', lines: [{ label: 'desired', values: series.desired, color: 'cyan' }, { label: 'ready', values: series.ready, color: 'green' }] },
  ];
  const marks = marksLine(series.marks, AXIS_WIDTH, chartWidth);
  return (
    <Box flexDirection="column" width={width}>
      <Box flexDirection="row" columnGap={1} height={height - 1}>
        {plots.map((plot) => (
          <TitledChart key={plot.title} title={plot.title} lines={plot.lines} width={chartWidth} height={height - 1} />
        ))}
      </Box>
      <Text wrap="truncate">{' '.repeat(2 * (chartWidth + 1))}{marks}</Text>
    </Box>
  );
}

/** The Target tab: what the system under test does while the swarm runs. */
export function TargetPanel({ state, width, height }: PanelProps): React.JSX.Element {
  const view = state.target;
  if (!view) {
    const why = state.platform === 'local' ? 'no target: the demo target is followed when ltop starts it (no --host)' : 'no target: name one with --target-deployment NAME or --target-selector LABELS';
    return <Text dimColor wrap="truncate">{why}</Text>;
  }
  const summary = summaryLines(view, state.serverSample, currentRps(state));
  const info = summary.slice(0, Math.max(1, Math.floor(height / 4)));
  const room = Math.max(0, height - info.length);
  // the chart gets what is left after at least 3 rows of pods and events (at 80x24: 6 rows)
  const chartHeight = room >= 7 ? Math.min(18, Math.max(4, room - Math.max(3, Math.floor(room * 0.4)))) : 0;
  const rest = Math.max(0, room - chartHeight);
  const pods = podLines(view);
  const events = view.events.map(eventLine);
  const sideBySide = width >= 140;
  const columnWidth = sideBySide ? Math.floor((width - 1) / 2) : width;
  const podRows = sideBySide ? rest : Math.min(pods.length, events.length ? Math.ceil(rest / 2) : rest);
  const shownPods = pods.length > podRows && podRows > 0 ? [...pods.slice(0, podRows - 1), { text: `… ${pods.length - podRows + 1} more pods` }] : pods.slice(0, podRows);
  const shownEvents = events.slice(0, sideBySide ? rest : rest - shownPods.length);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Lines lines={info} width={width} />
      {chartHeight > 0 ? <Timeline state={state} width={width} height={chartHeight} /> : null}
      <Box flexDirection={sideBySide ? 'row' : 'column'} columnGap={1}>
        <Lines lines={shownPods} width={columnWidth} />
        <Lines lines={shownEvents} width={columnWidth} />
      </Box>
    </Box>
  );
}
