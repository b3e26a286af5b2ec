// A store outside React: sources dispatch as fast as they like; subscribers are told at a
// bounded rate. Every redraw costs a whole frame in Ink (it lays out and draws the whole screen
// whatever changed), so frames are spent where the user looks:
// - a key the user pressed is drawn within 1/maxHz s;
// - the numbers (Locust's snapshot, a failed poll, the session's answers) at most once a data gap;
// - what only moves beside them (the 1 s clock, "updated Ns ago", the target's and workers'
//   process figures, log lines, the cost meter) waits for the next frame of numbers, which
//   comes with every poll (2 s); without one it is drawn after the ambient gap.
// The clock tick therefore never draws a frame of its own while Locust answers.
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

/** The numbers (not keys) redraw at most this often. */
export const DATA_REDRAW_MS = 1000;

/** Events that ride along with the next frame of numbers instead of drawing one of their own. */
const AMBIENT: ReadonlySet<Event['type']> = new Set(['clock/tick', 'target/view', 'target/sample', 'prometheus/sample', 'cost/snapshot', 'platform/workers', 'platform/resources', 'platform/log']);

/**
 * @param dataGapMs the numbers' gap
 * @param ambientGapMs the longest an ambient change waits when no numbers come (3 s by default:
 *   longer than Locust's 2 s poll, so that the poll's frame normally carries it)
 */
export function createStore(initial: State, maxHz = 4, dataGapMs = DATA_REDRAW_MS, ambientGapMs = 3 * dataGapMs): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  let timer: NodeJS.Timeout | null = null;
  let due = Infinity;
  let lastNotify = 0;
  const keyGapMs = 1000 / maxHz;

  const notify = (): void => {
    if (timer) clearTimeout(timer);
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

  const gapOf = (event: Event): number => {
    if (event.type.startsWith('ui/')) return keyGapMs;
    return Math.max(keyGapMs, AMBIENT.has(event.type) ? ambientGapMs : dataGapMs);
  };

  return {
    getState: () => state,
    dispatch(event) {
      const next = reduce(state, event);
      if (next === state) return;
      state = next;
      schedule(gapOf(event));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flush() {
      notify();
    },
    close() {
      if (timer) clearTimeout(timer);
      timer = null;
      listeners.clear();
    },
  };
}
