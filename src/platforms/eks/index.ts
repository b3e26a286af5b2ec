export { createEksPlatform, EksPlatform } from './eks-platform.js';
export { EksStackMissingError, InfraCancelledError, InfraFailedError, OrphansLeftError } from './errors.js';
export { DEFAULT_EKS_OVERLAY, DEFAULT_STACK_DIR, eksOptionsFrom, type EksConnect, type EksFlags, type EksOptions } from './options.js';
export { progressLine, terraformProgress } from './progress.js';
export { eksRows } from './rows.js';
export { EksStack, stackOutputs, type StackOutputs } from './stack.js';
