// `ltop estimate [--var-file F] [--region R] [--hours H] [--json]`: the estimate printed as a
// table, or as its JSON document. Resolves with the exit code: 0, or 2 for bad input (one line).

import { EstimateError, type EstimateInput, estimate, formatEstimate } from './estimate.js';
import { UnknownPrice } from './prices.js';

export interface EstimateCommandOptions extends EstimateInput {
  readonly json?: boolean;
}

export interface EstimateOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

export async function runEstimate(opts: EstimateCommandOptions, out: EstimateOutput): Promise<number> {
  try {
    const e = await estimate(opts);
    out.stdout(opts.json ? JSON.stringify(e, null, 2) : formatEstimate(e).join('\n'));
    return 0;
  } catch (err) {
    if (err instanceof EstimateError || err instanceof UnknownPrice) {
      out.stderr(`ltop: ${err.message}`);
      return 2;
    }
    out.stderr(`ltop estimate: ${(err as Error).message}`);
    return 1;
  }
}
