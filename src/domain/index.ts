export * from './errors.js';
export * from './platform-vocabulary.js';
