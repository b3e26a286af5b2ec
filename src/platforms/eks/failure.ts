// Pure: an eks lifecycle failure as a person reads it in the cockpit: what happened, the lines
// that go with it (diagnostics, what exists now, the orphan report), and the next step, ending in
// the retry key. The headless commands print the same causes (src/cli/commands/infra-io.ts).
import { AwsCredentialsError, AwsRegionError } from '../../aws/errors.js';
import { InstanceTypeError } from '../../aws/instance-types.js';
import { TfvarsError } from '../../cost/tfvars.js';
import { TerraformNotFoundError } from '../../terraform/index.js';
import { EksStackMissingError, InfraCancelledError, InfraFailedError, OrphansLeftError } from './errors.js';
import { PublicAccessError } from './public-access.js';

export interface InfraFailure {
  readonly message: string;
  readonly lines: readonly string[];
  readonly nextStep: string;
  readonly cancelled: boolean;
}

/** The key that retries, as the cockpit's keymap binds it (src/cockpit/keys/provision.ts). */
export const RETRY_KEY = 'R';

export function failureOf(error: unknown): InfraFailure {
  const message = error instanceof Error ? error.message : String(error);
  const retry = `press ${RETRY_KEY} to retry`;
  if (error instanceof AwsCredentialsError) return { message, lines: [], nextStep: `${error.nextStep}, then ${retry}`, cancelled: false };
  if (error instanceof AwsRegionError) return { message, lines: [], nextStep: 'quit (q) and start again with --region, or set region in the var file', cancelled: false };
  if (error instanceof TerraformNotFoundError) return { message, lines: [], nextStep: `install terraform or tofu (or point LTOP_TERRAFORM at one), then ${retry}`, cancelled: false };
  if (error instanceof PublicAccessError) return { message, lines: [], nextStep: `${retry} (the lookup runs again), or quit (q) and start again with --api-cidr YOUR.IP/32`, cancelled: false };
  if (error instanceof InstanceTypeError) return { message, lines: [], nextStep: `fix the var file, then ${retry}`, cancelled: false };
  if (error instanceof TfvarsError) return { message, lines: [], nextStep: `fix the var file, then ${retry}`, cancelled: false };
  if (error instanceof InfraCancelledError) return { message, lines: error.lines, nextStep: `${retry}: Terraform carries on from its state`, cancelled: true };
  if (error instanceof InfraFailedError) return { message, lines: error.lines, nextStep: `fix the cause above, then ${retry}: Terraform carries on from its state`, cancelled: false };
  if (error instanceof OrphansLeftError) return { message: 'the destroy finished, but AWS still holds resources of the stack', lines: error.lines, nextStep: `remove them with the commands above, then ${retry} (the orphan check runs again)`, cancelled: false };
  if (error instanceof EksStackMissingError) return { message, lines: [], nextStep: 'press d to create the stack', cancelled: false };
  if (error instanceof Error && error.name === 'AbortError') return { message: 'interrupted before Terraform ran or after it finished', lines: [], nextStep: retry, cancelled: true };
  return { message, lines: [], nextStep: retry, cancelled: false };
}
