import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import { render } from 'ink';
import React from 'react';
import { EventEmitter } from 'node:events';
import { App } from '../src/cockpit/App.js';
import { activeKeymap } from '../src/cockpit/keymap.js';
import { createStore } from '../src/state/store.js';
import { baseState, recordingActions } from '../test/support/ink.js';
import { fixtureSnapshot } from '../test/support/fixtures.js';

class Out extends EventEmitter { columns = 120; rows = 40; isTTY = true; bytes = 0; write(s: string) { this.bytes += s.length; return true; } }
const out = new Out();
const running = fixtureSnapshot('2.46.3-stats-running.json');
const history = Array.from({ length: 200 }, (_, i) => ({ at: i, rps: 50 + 20 * Math.sin(i / 5), failPerSec: 5 + Math.cos(i / 3), p50: 10 + Math.sin(i / 4), p95: 40 + 5 * Math.sin(i / 6), users: 10 }));
const logs = Array.from({ length: 100 }, (_, i) => ({ at: i * 1000, source: 'master', line: `[2026-12-01 09:30:10,902] vm/INFO/locust.runners: vm_0db0b2764a2b4 (index 1) reported as ready ${i}` }));
const store = createStore({ ...baseState(), locust: running, history, logs, swarmStartedAt: running.at - 60000 }, 1000);
const instance = render(<App store={store} keymap={activeKeymap(false)} actions={recordingActions([])} scenarios={['a']} readonly={false} color={process.env.NO_COLOR ? false : true} keys={false} />, { stdout: out as never, stdin: process.stdin, patchConsole: false, maxFps: 1000, interactive: true, exitOnCtrlC: false });
await new Promise((r) => setTimeout(r, 300));
const N = 200;
const mode = process.argv[2] ?? 'tick';
const t0 = process.cpuUsage();
const w0 = Date.now();
for (let i = 0; i < N; i++) {
  if (mode === 'tick') store.dispatch({ type: 'clock/tick', at: running.at + 1000 * (i + 1) });
  else store.dispatch({ type: 'locust/snapshot', snapshot: { ...running, at: running.at + 1000 * (i + 1) } });
  store.flush();
  await new Promise((r) => setTimeout(r, 3));
}
const used = process.cpuUsage(t0);
console.log('hwm', /VmHWM:\s+(\d+)/.exec(require('node:fs').readFileSync('/proc/self/status','utf8'))?.[1], mode, 'ms per frame', ((used.user + used.system) / 1000 / N).toFixed(2), 'bytes', out.bytes, 'wall', Date.now() - w0);
instance.unmount();
process.exit(0);
