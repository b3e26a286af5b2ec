// The target panel reads through the platform's WatchHub (src/platforms/kube/watch-hub.ts): one
// list+watch per collection for the whole of ltop.
export { collections, SharedCollection, WatchHub, type CollectionSpec, type Listener } from '../platforms/kube/watch-hub.js';
