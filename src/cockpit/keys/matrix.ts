// The matrix view's keys, as data: the view's one input handler runs them and its footer is
// drawn from them. Stopping a sweep is dangerous (the running cell is lost), so `q` asks first;
// Ctrl+C stops at once, as it does everywhere else.

export interface MatrixKeyContext {
  readonly asking: boolean;
  readonly ask: (asking: boolean) => void;
  /** stop the sweep: the running cell is dropped, the rest is on disk for --resume */
  readonly stop: () => void;
  /** Ctrl+C: stop at once, as SIGINT does (exit 130), whether or not the question is open */
  readonly interrupt: () => void;
}

export interface MatrixKey {
  readonly id: string;
  /** as tokenize() names them */
  readonly keys: readonly string[];
  readonly label: string;
  /** applies while the question is open (true), while it is not (false), or always ('always') */
  readonly whenAsking: boolean | 'always';
  run(ctx: MatrixKeyContext): void;
}

export const MATRIX_KEYS: readonly MatrixKey[] = [
  { id: 'stop', keys: ['q'], label: 'stop the sweep', whenAsking: false, run: (ctx) => ctx.ask(true) },
  { id: 'stop-now', keys: ['ctrl+c'], label: 'stop now', whenAsking: 'always', run: (ctx) => ctx.interrupt() },
  { id: 'confirm', keys: ['y'], label: 'stop (the running cell is dropped; --resume runs it)', whenAsking: true, run: (ctx) => { ctx.ask(false); ctx.stop(); } },
  { id: 'cancel', keys: ['<any>'], label: 'go on', whenAsking: true, run: (ctx) => ctx.ask(false) },
];

/** The key that applies; an exact key wins over `<any>`. */
export function matrixKeyFor(key: string, asking: boolean): MatrixKey | undefined {
  const scope = matrixKeysWhen(asking);
  return scope.find((binding) => binding.keys.includes(key)) ?? scope.find((binding) => binding.keys.includes('<any>'));
}

/** The keys that apply in this state, in footer order. */
export function matrixKeysWhen(asking: boolean): MatrixKey[] {
  return MATRIX_KEYS.filter((binding) => binding.whenAsking === asking || binding.whenAsking === 'always');
}
