// The system under test: its Deployments (replicas, HPA), the scaling timeline (RPS and p95
// beside desired/ready replicas and, on kube, ready nodes, on one time axis, scale events marked
// under each chart), its pods
// (Pending first, with the scheduler's reason) and its events, newest first.
import { Box, Text } from 'ink';
import React from 'react';
import { AXIS_WIDTH, COLORS, drawChart, legendGlyph, pointsThatFit } from '../render/chart.js';
import { truncate } from '../render/format.js';
import { eventLine, lineRows, marksLine, podLines, summaryLines, type TargetLine } from '../render/target.js';
import { currentRps } from '../state/selectors.js';
import { loadHeldMs, timelineSeries } from '../target/timeline.js';
import { useColorEnabled, useTone } from './theme.js';
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
  /** the title and labels when the chart is narrow (80 columns: three charts of 26) */
  readonly short: string;
  readonly lines: readonly { readonly label: string; readonly short: string; readonly values: readonly number[]; readonly color: keyof typeof COLORS }[];
}

/** The legend's words: the long ones where they fit, the short ones else. */
function legendWords(plot: Plot, width: number, color: boolean): { readonly title: string; readonly labels: readonly string[] } {
  const long = { title: plot.title, labels: plot.lines.map((line, index) => `${legendGlyph(index, color)} ${line.label}`) };
  const length = [long.title, ...long.labels].join(' ').length;
  return length <= width ? long : { title: plot.short, labels: plot.lines.map((line, index) => `${legendGlyph(index, color)}${line.short}`) };
}

function TimelineChart({ plot, width, height }: { readonly plot: Plot; readonly width: number; readonly height: number }): React.JSX.Element {
  const color = useColorEnabled();
  const tone = useTone();
  const drawn = drawChart(plot.lines.map((line) => ({ values: line.values, color: COLORS[line.color] })), width, Math.max(0, height - 1), color);
  const words = legendWords(plot, width, color);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold>{words.title}</Text>
        {words.labels.map((label, index) => (
          <Text key={label} color={tone(plot.lines[index]!.color)}>{` ${label}`}</Text>
        ))}
      </Text>
      <Text>{drawn.join('\n')}</Text>
    </Box>
  );
}

/**
 * The three charts share the same samples, bucketed to the same number of points: one time
 * axis. Under each, the scale marks at their points; under the first, the axis' start time.
 */
function Timeline({ state, width, height }: PanelProps): React.JSX.Element {
  const chartWidth = Math.floor((width - 2) / 3);
  const points = pointsThatFit(chartWidth);
  const series = timelineSeries(state.timeline, points);
  const nodes = state.target?.platform === 'kube' && series.nodes.some((n) => n > 0);
  const plots: Plot[] = [
    { title: 'RPS', short: 'RPS', lines: [{ label: 'locust', short: 'locust', values: series.rps, color: 'green' }, ...(series.serverRps ? [{ label: 'server', short: 'server', values: series.serverRps, color: 'magenta' as const }] : [])] },
    { title: 'p95 ms', short: 'p95 ms', lines: [{ label: 'p95', short: 'p95', values: series.p95, color: 'yellow' }] },
    {
      title: 'Replicas',
      short: 'Pods',
      lines: [{ label: 'desired', short: 'want', values: series.desired, color: 'cyan' }, { label: 'ready', short: 'ready', values: series.ready, color: 'green' }, ...(nodes ? [{ label: 'nodes', short: 'node', values: series.nodes, color: 'magenta' as const }] : [])],
    },
  ];
  const marks = marksLine(series.marks, 0, points);
  const start = series.startAt === undefined ? '' : new Date(series.startAt).toISOString().slice(11, 19);
  const under = [start, '', ''].map((gutter) => `${gutter.padEnd(AXIS_WIDTH)}${marks}`.padEnd(chartWidth)).join(' ');
  return (
    <Box flexDirection="column" width={width}>
      <Box flexDirection="row" columnGap={1} height={height - 1}>
        {plots.map((plot) => (
          <TimelineChart key={plot.title} plot={plot} width={chartWidth} height={height - 1} />
        ))}
      </Box>
      <Text wrap="truncate">{truncate(under.trimEnd(), width)}</Text>
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
  const lines = summaryLines(view, state.serverSample, currentRps(state), loadHeldMs(state.timeline, Date.now()));
  const summary = lines.flatMap((line) => lineRows(line, width));
  // a wrapped error gets the rows it needs (up to a quarter more of the panel): cut, it would say nothing
  const quarter = Math.max(1, Math.floor(height / 4));
  const info = summary.slice(0, quarter + Math.min(summary.length - lines.length, quarter));
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
