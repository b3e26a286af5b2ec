import { Box, Text } from 'ink';
import React from 'react';
import { wrapLines } from '../render/detail.js';
import type { Overlay } from '../state/state.js';

/** Enter on a row: the whole of it, wrapped to the width; j/k scroll, Esc or Enter closes. */
export function DetailView({ detail, width, height }: { readonly detail: Extract<Overlay, { kind: 'detail' }>; readonly width: number; readonly height: number }): React.JSX.Element {
  const lines = wrapLines(detail.lines, width - 4);
  const room = Math.max(1, height - 3);
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={width} height={height}>
      <Text bold wrap="truncate">{detail.title}</Text>
      {lines.slice(detail.top, detail.top + room - 1).map((line, index) => (
        <Text key={index}>{line}</Text>
      ))}
    </Box>
  );
}
