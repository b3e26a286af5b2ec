// `ltop history [--results-dir DIR] [--limit N] [--json]`: past runs, newest first. Exit 0.
import { scanHistory } from '../../history/scan.js';
import { historyLines } from '../../history/table.js';
import type { CommandOutput } from './output.js';

export interface HistoryOptions {
  readonly resultsDir: string;
  /** newest N runs; all when absent */
  readonly limit?: number;
  readonly json?: boolean;
}

export async function historyCommand(options: HistoryOptions, output: CommandOutput): Promise<number> {
  const entries = (await scanHistory(options.resultsDir)).slice(0, options.limit ?? Infinity);
  if (options.json) {
    output.line(JSON.stringify(entries.map((entry) => (entry.ok ? { dir: entry.dir, startedAt: new Date(entry.startedAt).toISOString(), summary: entry.summary } : { dir: entry.dir, problem: entry.problem })), null, 2));
  } else {
    for (const line of historyLines(entries, options.resultsDir)) output.line(line);
  }
  return 0;
}
