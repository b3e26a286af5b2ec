#!/usr/bin/env node
// ltop's entry. It imports nothing at load time so that an older Node reaches the version
// check instead of failing inside a dependency (Node 20: "TEXT_ENCODINGS.union is not a function").
const MIN_NODE_MAJOR = 22;

const major = Number(process.versions.node.split('.')[0]);
if (major < MIN_NODE_MAJOR) {
  process.stderr.write(`ltop needs Node ${MIN_NODE_MAJOR} or later; run bin/ltop or npm start (this is Node ${process.versions.node})\n`);
  process.exit(2);
}

// React's production build (several times less work per frame) is chosen when bundling
// (scripts/build.ts), whatever NODE_ENV says.
const { main } = await import('./app/main.js');
process.exitCode = await main(process.argv.slice(2));
// Child processes and sockets are closed by now; do not wait on stray timers.
setImmediate(() => process.exit());
