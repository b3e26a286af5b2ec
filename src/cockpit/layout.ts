// How the screen's rows are shared between the sections. Pure, so 80x24 and 200x60 are testable.

export interface Layout {
  readonly header: number;
  readonly table: number;
  readonly charts: number;
  readonly bottom: number;
  readonly status: number;
  readonly footer: number;
}

/** Below this the cockpit shows "terminal too small" instead of panels cut into garbage. */
export const MIN_WIDTH = 80;
export const MIN_HEIGHT = 24;

export function computeLayout(height: number, endpoints: number, filtered = false): Layout {
  const fixed = { header: 3, status: 1, footer: 1 };
  const room = Math.max(0, height - fixed.header - fixed.status - fixed.footer);
  // The table takes what it needs (header, rows, Aggregated, a line for 'no requests yet' or the
  // scroll position, the filter line) up to a third of the room.
  const table = Math.min(endpoints + 3 + (filtered ? 1 : 0), Math.max(5, Math.floor(room / 3)));
  const charts = Math.max(4, Math.min(16, Math.floor((room - table) / 2)));
  const bottom = Math.max(3, room - table - charts);
  return { ...fixed, table, charts, bottom };
}
