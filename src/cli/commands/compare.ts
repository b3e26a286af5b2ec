// `ltop compare A B [--json]`: two runs side by side (each a summary.json, a run folder, or a
// results folder meaning its newest run). Exit 0; 2 when either cannot be read.
import { compareLines } from '../../history/compare.js';
import { loadSummary, SummaryFileError } from '../../history/summary-file.js';
import { compareToBaseline } from '../../report/baseline.js';
import type { CommandOutput } from './output.js';

export interface CompareOptions {
  readonly a: string;
  readonly b: string;
  readonly json?: boolean;
}

export async function compareCommand(options: CompareOptions, output: CommandOutput): Promise<number> {
  let a, b;
  try {
    [a, b] = await Promise.all([loadSummary(options.a), loadSummary(options.b)]);
  } catch (error) {
    if (!(error instanceof SummaryFileError)) throw error;
    output.error(`ltop compare: ${error.message}`);
    return 2;
  }
  if (options.json) {
    output.line(JSON.stringify({ a: a.file, b: b.file, comparison: compareToBaseline(b.summary, a.summary, a.file) }, null, 2));
    return 0;
  }
  output.line(`A ${a.file}`);
  output.line(`B ${b.file}`);
  for (const line of compareLines({ label: options.a, summary: a.summary }, { label: options.b, summary: b.summary })) output.line(line);
  return 0;
}
