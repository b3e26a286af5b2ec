export { createKubePlatform, KubePlatformError, type KubePlatformOptions } from './kube-platform.js';
export { connect, KubeConfigError, type KubeConnection, type KubeTarget } from './config.js';
export { MasterTunnel } from './portforward.js';
export { explain } from './errors.js';
