// Panels subscribe to the fields of the state they draw, so the 1 s clock (which moves only
// `now`) re-renders the header alone, and a new snapshot only the panels that show it.
import React, { useRef, useSyncExternalStore } from 'react';
import type { State } from '../state/state.js';
import type { Store } from '../state/store.js';

export type Fields = readonly (keyof State)[];

/** The store's state, but the same object as last time while none of `fields` changed. */
export function useStateOf(store: Store, fields: Fields): State {
  const cache = useRef<State | null>(null);
  const snapshot = (): State => {
    const next = store.getState();
    const previous = cache.current;
    if (previous && fields.every((field) => previous[field] === next[field])) return previous;
    cache.current = next;
    return next;
  };
  return useSyncExternalStore(store.subscribe, snapshot);
}

export interface PanelProps {
  readonly state: State;
  readonly width: number;
  readonly height: number;
}

/** A panel fed from the store; memoised, so a parent's redraw does not redraw it. */
export const Live = React.memo(function Live(props: { readonly store: Store; readonly fields: Fields; readonly Panel: React.ComponentType<PanelProps>; readonly width: number; readonly height: number }): React.JSX.Element {
  const state = useStateOf(props.store, props.fields);
  const { Panel } = props;
  return <Panel state={state} width={props.width} height={props.height} />;
});
