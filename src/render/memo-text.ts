// A pure function of a string, remembered across frames. Ink measures and tokenizes every line
// of the screen on every frame (text outside printable ASCII, like the charts' box drawing, goes
// through Intl.Segmenter per character), although most lines are the same as a frame ago.
// Two generations bound the memory: when the current one is full it becomes the previous one,
// and what the next frames still ask for moves back into the current one.

export interface MemoStats {
  hits: number;
  misses: number;
}

/** Each memo's hits and misses by name: npm run bench:frame prints them, a test checks Ink uses them. */
export const memoStats = new Map<string, MemoStats>();

export function memoizeText<Result>(name: string, compute: (text: string) => Result, generationSize: number): (text: string) => Result {
  let current = new Map<string, Result>();
  let previous = new Map<string, Result>();
  const stats: MemoStats = { hits: 0, misses: 0 };
  memoStats.set(name, stats);
  return (text: string): Result => {
    let result = current.get(text);
    if (result !== undefined) {
      stats.hits++;
      return result;
    }
    result = previous.get(text);
    if (result === undefined) {
      stats.misses++;
      result = compute(text);
    } else stats.hits++;
    if (current.size >= generationSize) {
      previous = current;
      current = new Map();
    }
    current.set(text, result);
    return result;
  };
}
