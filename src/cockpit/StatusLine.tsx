import { Text } from 'ink';
import React from 'react';
import type { State } from '../state/state.js';
import { useTone } from './theme.js';

/** The last thing that happened, and any failing source with its cause. */
export function StatusLine({ state, width }: { readonly state: State; readonly width: number }): React.JSX.Element {
  const tone = useTone();
  if (state.fatal) {
    return (
      <Text wrap="truncate" color={tone('red')}>
        {`✗ ${state.fatal} — c: pick a scenario and retry, q: quit`.slice(0, width)}
      </Text>
    );
  }
  if (state.locustError) {
    return (
      <Text wrap="truncate" color={tone('red')}>
        {`✗ ${state.locustError} — is the master running? see Logs (l)`}
      </Text>
    );
  }
  const status = state.status;
  if (!status) return <Text> </Text>;
  const color = status.level === 'error' ? 'red' : status.level === 'warn' ? 'yellow' : 'gray';
  return (
    <Text wrap="truncate" color={tone(color)}>
      {status.message}
    </Text>
  );
}
