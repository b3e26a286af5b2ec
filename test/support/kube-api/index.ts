export { KubeApiServer, startKubeApiServer, type ForbidRule, type KubeApiServerOptions, type RequestRecord } from './server.js';
export type { PortTarget } from './portforward.js';
export { podIsReady } from './controllers.js';
export { TargetScript, type TargetScriptOptions } from './target.js';
