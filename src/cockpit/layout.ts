// How the screen's rows are shared between the sections. Pure, so 80x24 and 200x60 are testable.

export interface Layout {
  readonly header: number;
  readonly table: number;
  readonly charts: number;
  readonly bottom: number;
  readonly status: number;
  readonly footer: number;
}

export const MIN_WIDTH = 60;
export const MIN_HEIGHT = 16;

export function computeLayout(height: number, endpoints: number): Layout {
  const fixed = { header: 2, status: 1, footer: 1 };
  const room = Math.max(0, height - fixed.header - fixed.status - fixed.footer);
  // The table takes what it needs (header + rows + Aggregated) up to a third of the room.
  const table = Math.min(endpoints + 2, Math.max(4, Math.floor(room / 3)));
  const charts = Math.max(4, Math.min(16, Math.floor((room - table) / 2)));
  const bottom = Math.max(3, room - table - charts);
  return { ...fixed, table, charts, bottom };
}
