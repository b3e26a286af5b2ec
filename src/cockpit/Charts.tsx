import { Box, Text } from 'ink';
import React from 'react';
import { COLORS, drawChart, legendGlyph, pointsThatFit } from '../render/chart.js';
import { series, type SeriesKey } from '../state/selectors.js';
import { useColorEnabled, useTone } from './theme.js';
import type { Fields, PanelProps } from './use-store.js';

export const CHARTS_FIELDS: Fields = ['history'];

interface ChartSpec {
  readonly title: string;
  readonly lines: readonly { readonly key: SeriesKey; readonly label: string; readonly color: keyof typeof COLORS }[];
}

const CHARTS: readonly ChartSpec[] = [
  { title: 'Throughput', lines: [{ key: 'rps', label: 'req/s', color: 'green' }, { key: 'failPerSec', label: 'fail/s', color: 'red' }] },
  { title: 'Latency ms', lines: [{ key: 'p50', label: 'p50', color: 'cyan' }, { key: 'p95', label: 'p95', color: 'yellow' }] },
];

/** One titled chart with its legend: any series, already cut to the points that fit. */
export function TitledChart({ title, lines, width, height }: { readonly title: string; readonly lines: readonly { readonly label: string; readonly values: readonly number[]; readonly color: keyof typeof COLORS }[]; readonly width: number; readonly height: number }): React.JSX.Element {
  const color = useColorEnabled();
  const tone = useTone();
  const drawn = drawChart(lines.map((line) => ({ values: line.values, color: COLORS[line.color] })), width, Math.max(0, height - 1), color);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold>{title} </Text>
        {lines.map((line, index) => (
          <Text key={line.label} color={tone(line.color)}>{`${legendGlyph(index, color)} ${line.label} `}</Text>
        ))}
      </Text>
      {/* a node per row (drawChart fits them to the width): Ink tokenizes a row once, and a row
          that did not change since the last frame (axis, flat stretches) costs nothing */}
      {drawn.map((row, index) => (
        <Text key={index}>{row || ' '}</Text>
      ))}
    </Box>
  );
}

function Chart({ spec, state, width, height }: PanelProps & { readonly spec: ChartSpec }): React.JSX.Element {
  const points = pointsThatFit(width);
  return <TitledChart title={spec.title} lines={spec.lines.map((line) => ({ label: line.label, values: series(state.history, line.key, points), color: line.color }))} width={width} height={height} />;
}

/** Throughput (RPS, failures/s) and latency (p50, p95) over time, side by side. */
export function Charts({ state, width, height }: PanelProps): React.JSX.Element {
  const chartWidth = Math.floor((width - 1) / 2);
  return (
    <Box flexDirection="row" width={width} height={height} columnGap={1}>
      {CHARTS.map((spec) => (
        <Chart key={spec.title} spec={spec} state={state} width={chartWidth} height={height} />
      ))}
    </Box>
  );
}
