// A store outside React: sources dispatch as fast as they like; subscribers are told at a
// bounded rate. Every redraw costs a whole frame in Ink, so what the sources bring (snapshots
// every 2 s, the 1 s clock, platform events) is batched into at most one redraw a second,
// while a key the user pressed is drawn within 1/maxHz s.
import type { Event } from './events.js';
import { reduce } from './reducer.js';
import type { State } from './state.js';

export interface Store {
  getState(): State;
  dispatch(event: Event): void;
  subscribe(listener: () => void): () => void;
  /** tell subscribers now (used before exit so the last frame is complete) */
  flush(): void;
  close(): void;
}

/** Sources' events (not keys) redraw at most this often. */
export const DATA_REDRAW_MS = 1000;

export function createStore(initial: State, maxHz = 4, dataGapMs = DATA_REDRAW_MS): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  let timer: NodeJS.Timeout | null = null;
  let due = Infinity;
  let lastNotify = 0;
  const keyGapMs = 1000 / maxHz;

  const notify = (): void => {
    timer = null;
    due = Infinity;
    lastNotify = Date.now();
    for (const listener of listeners) listener();
  };

  const schedule = (gapMs: number): void => {
    const at = Math.max(Date.now(), lastNotify + gapMs);
    if (timer && at >= due) return; // an earlier redraw will show this too
    if (timer) clearTimeout(timer);
    due = at;
    timer = setTimeout(notify, at - Date.now());
    timer.unref();
  };

  return {
    getState: () => state,
    dispatch(event) {
      const next = reduce(state, event);
      if (next === state) return;
      state = next;
      schedule(event.type.startsWith('ui/') ? keyGapMs : Math.max(keyGapMs, dataGapMs));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flush() {
      if (timer) clearTimeout(timer);
      notify();
    },
    close() {
      if (timer) clearTimeout(timer);
      timer = null;
      listeners.clear();
    },
  };
}
