import { Box, Text } from 'ink';
import React from 'react';
import { COLORS, drawChart, pointsThatFit } from '../render/chart.js';
import { series, type SeriesKey } from '../state/selectors.js';
import type { State } from '../state/state.js';
import { useColorEnabled, useTone } from './theme.js';

function Chart(props: {
  readonly title: React.ReactNode;
  readonly lines: readonly string[];
  readonly width: number;
}): React.JSX.Element {
  return (
    <Box flexDirection="column" width={props.width}>
      <Text wrap="truncate">{props.title}</Text>
      {props.lines.map((line, index) => (
        <Text key={index} wrap="truncate">
          {line}
        </Text>
      ))}
    </Box>
  );
}

interface ChartSpec {
  readonly title: string;
  readonly lines: readonly { readonly key: SeriesKey; readonly label: string; readonly color: keyof typeof COLORS }[];
}

const CHARTS: readonly ChartSpec[] = [
  { title: 'Throughput', lines: [{ key: 'rps', label: 'req/s', color: 'green' }, { key: 'failPerSec', label: 'fail/s', color: 'red' }] },
  { title: 'Latency ms', lines: [{ key: 'p50', label: 'p50', color: 'cyan' }, { key: 'p95', label: 'p95', color: 'yellow' }] },
];

/** Throughput (RPS, failures/s) and latency (p50, p95) over time, side by side. */
export function Charts({ state, width, height }: { readonly state: State; readonly width: number; readonly height: number }): React.JSX.Element {
  const color = useColorEnabled();
  const tone = useTone();
  const chartWidth = Math.floor((width - 1) / 2);
  const points = pointsThatFit(chartWidth);
  return (
    <Box flexDirection="row" width={width} height={height} columnGap={1}>
      {CHARTS.map((chart) => (
        <Chart
          key={chart.title}
          width={chartWidth}
          lines={drawChart(chart.lines.map((line) => ({ values: series(state.history, line.key, points), color: COLORS[line.color] })), chartWidth, Math.max(0, height - 1), color)}
          title={
            <>
              <Text bold>{chart.title} </Text>
              {chart.lines.map((line) => (
                <Text key={line.key} color={tone(line.color)}>{`━ ${line.label} `}</Text>
              ))}
            </>
          }
        />
      ))}
    </Box>
  );
}
