// `ltop estimate [--var-file F] [--region R] [--hours H] [--refresh-prices] [--json]`: the
// estimate printed as a table, or as its JSON document. Resolves with the exit code: 0, 2 for
// bad input (one line), 1 when AWS could not be asked (the refresh).

import { AwsRegionError } from '../aws/errors.js';
import { type StackEstimateInput, stackEstimate } from '../aws/pricing/stack-estimate.js';
import { EstimateError, formatEstimate } from './estimate.js';
import { UnknownPrice } from './prices.js';

export interface EstimateCommandOptions extends StackEstimateInput {
  readonly json?: boolean;
}

export interface EstimateOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

export async function runEstimate(opts: EstimateCommandOptions, out: EstimateOutput): Promise<number> {
  try {
    const e = await stackEstimate({ ...opts, onNote: (line) => out.stderr(`ltop: ${line}`) });
    out.stdout(opts.json ? JSON.stringify(e, null, 2) : formatEstimate(e).join('\n'));
    return 0;
  } catch (err) {
    if (err instanceof EstimateError || err instanceof UnknownPrice || err instanceof AwsRegionError) {
      out.stderr(`ltop: ${err.message}`);
      return 2;
    }
    const refresh = opts.refreshPrices ? ' (the Price List refresh needs AWS credentials with pricing:GetProducts; without --refresh-prices the shipped table is used)' : '';
    out.stderr(`ltop estimate: ${(err as Error).message}${refresh}`);
    return 1;
  }
}
