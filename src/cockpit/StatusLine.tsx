import { Text } from 'ink';
import React from 'react';
import { oneLine } from '../render/format.js';
import type { State } from '../state/state.js';
import { useTone } from './theme.js';

/**
 * The last thing that happened, and any failing source with its cause, on exactly one line: a
 * message of several lines (an HTML error page) would push the frame past the screen's height.
 */
export function StatusLine({ state }: { readonly state: State; readonly width: number }): React.JSX.Element {
  const tone = useTone();
  if (state.fatal) return <Text wrap="truncate" color={tone('red')}>{`✗ ${oneLine(state.fatal)} — c: pick a scenario and retry, q: quit`}</Text>;
  if (state.locustError) return <Text wrap="truncate" color={tone('red')}>{`✗ ${oneLine(state.locustError)} — is the master running? see Logs (l)`}</Text>;
  const status = state.status;
  if (!status) return <Text> </Text>;
  const color = status.level === 'error' ? 'red' : status.level === 'warn' ? 'yellow' : 'gray';
  return (
    <Text wrap="truncate" color={tone(color)}>
      {oneLine(status.message)}
    </Text>
  );
}
