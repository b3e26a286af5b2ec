import { Box, Text } from 'ink';
import React from 'react';
import { COLORS, drawChart, pointsThatFit } from '../render/chart.js';
import { series } from '../state/selectors.js';
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

/** Throughput (RPS, failures/s) and latency (p50, p95) over time, side by side. */
export function Charts({ state, width, height }: { readonly state: State; readonly width: number; readonly height: number }): React.JSX.Element {
  const color = useColorEnabled();
  const tone = useTone();
  const chartWidth = Math.floor((width - 1) / 2);
  const plotHeight = Math.max(0, height - 1);
  const points = pointsThatFit(chartWidth);
  const throughput = drawChart(
    [
      { values: series(state.history, 'rps', points), color: COLORS.green },
      { values: series(state.history, 'failPerSec', points), color: COLORS.red },
    ],
    chartWidth,
    plotHeight,
    color,
  );
  const latency = drawChart(
    [
      { values: series(state.history, 'p50', points), color: COLORS.cyan },
      { values: series(state.history, 'p95', points), color: COLORS.yellow },
    ],
    chartWidth,
    plotHeight,
    color,
  );
  return (
    <Box flexDirection="row" width={width} height={height}>
      <Chart
        width={chartWidth}
        lines={throughput}
        title={
          <>
            <Text bold>Throughput </Text>
            <Text color={tone('green')}>━ req/s </Text>
            <Text color={tone('red')}>━ fail/s</Text>
          </>
        }
      />
      <Box width={1} />
      <Chart
        width={chartWidth}
        lines={latency}
        title={
          <>
            <Text bold>Latency ms </Text>
            <Text color={tone('cyan')}>━ p50 </Text>
            <Text color={tone('yellow')}>━ p95</Text>
          </>
        }
      />
    </Box>
  );
}
