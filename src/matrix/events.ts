// What a sweep tells its watchers (the line printer, the cockpit's matrix view). Pure types.
import type { Cell, MatrixPlan } from './plan.js';
import type { CellPhase, CellRecord } from './record.js';

export type SweepStep = CellPhase | 'cooldown';

export type SweepEvent =
  | { readonly type: 'matrix/started'; readonly plan: MatrixPlan; readonly cells: readonly Cell[]; readonly dir: string; readonly at: number; readonly resumed: readonly CellRecord[] }
  | { readonly type: 'matrix/cell-started'; readonly cell: Cell; readonly at: number }
  | { readonly type: 'matrix/step'; readonly cell: Cell; readonly step: SweepStep; readonly at: number }
  | { readonly type: 'matrix/cell-done'; readonly record: CellRecord; readonly at: number }
  | { readonly type: 'matrix/finished'; readonly state: 'completed' | 'stopped'; readonly at: number };
