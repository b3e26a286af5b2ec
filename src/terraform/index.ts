// The Terraform runner's public surface, for the eks platform and the cockpit.
export { findTerraform, MINIMUM_VERSION, TerraformNotFoundError, type TerraformBinary } from './binary.js';
export type { ChangeAction, Diagnostic, Operation, OutputValue, TerraformEvent, TerraformEventType } from './events.js';
export { formatDiagnostic, formatElapsed, formatEvent, formatProgressLine, formatResources } from './format.js';
export { parseLine, UnsupportedUiVersionError } from './parse.js';
export { initialProgress, progressView, reduceProgress, type InFlight, type Progress, type ProgressOperation, type ProgressView } from './progress.js';
export { Terraform, TerraformCommandError, type OperationResult, type PlanResult, type RunOptions, type TerraformOptions } from './runner.js';
export type { StateResource } from './show.js';
