// A store outside React: sources dispatch as fast as they like; subscribers are told at a
// bounded rate so the screen redraws at most `maxHz` times a second.
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

export function createStore(initial: State, maxHz = 4): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  let timer: NodeJS.Timeout | null = null;
  let lastNotify = 0;
  const minGapMs = 1000 / maxHz;

  const notify = (): void => {
    timer = null;
    lastNotify = Date.now();
    for (const listener of listeners) listener();
  };

  return {
    getState: () => state,
    dispatch(event) {
      state = reduce(state, event);
      if (timer) return;
      const wait = Math.max(0, lastNotify + minGapMs - Date.now());
      timer = setTimeout(notify, wait);
      timer.unref();
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
