// npm run bench:frame
//
// What one cockpit frame costs: the real App drawn by Ink (the cockpit's own render options:
// incremental rendering, colour, the alternate screen) into an in-memory terminal, fed a new
// Locust snapshot per frame as a poll would bring (numbers moving, one history point more),
// at 80x24, 120x40 and 200x60. Prints CPU ms per frame (the whole process, every thread) and
// bytes written per frame. `npm run bench` measures the live cockpit; this isolates the frame,
// without a swarm, so a change to a panel can be weighed in seconds.
// Options (env): LTOP_BENCH_FRAMES (300 measured, after 100 to warm up), LTOP_BENCH_SIZES
// (80x24,120x40,200x60)

import { PassThrough } from 'node:stream';
import React from 'react';
import { leanInk } from '../src/app/lean-ink.js';
import { memoStats } from '../src/render/memo-text.js';
import type { CockpitActions } from '../src/cockpit/App.js';
import type { LocustSnapshot } from '../src/locust/snapshot.js';
import { createStore } from '../src/state/store.js';
import { fixtureSnapshot } from '../test/support/fixtures.js';

// as the cockpit does: Ink's dependencies redirected before Ink loads (LTOP_BENCH_LEAN=0 leaves it out)
if (process.env['LTOP_BENCH_LEAN'] !== '0') leanInk();
const { render } = await import('ink');
const { App } = await import('../src/cockpit/App.js');
const { activeKeymap } = await import('../src/cockpit/keymap.js');
const { baseState } = await import('../test/support/ink.js');

const FRAMES = Number(process.env['LTOP_BENCH_FRAMES'] ?? 300);
const WARMUP = 100;
const SIZES = (process.env['LTOP_BENCH_SIZES'] ?? '80x24,120x40,200x60').split(',').map((size) => size.split('x').map(Number) as [number, number]);
const template = fixtureSnapshot('2.47.0-stats-running.json');

/** The n-th poll of a steady swarm: counts grow, rates and latencies wander. */
function poll(n: number): LocustSnapshot {
  const wave = Math.sin(n / 7);
  const endpoints = template.endpoints.map((endpoint, index) => ({ ...endpoint, requests: endpoint.requests + n * (index + 3), currentRps: Math.round((endpoint.currentRps + wave * 2 + index) * 10) / 10, p95: Math.round((endpoint.p95 ?? 40) + wave * 9) }));
  return { ...template, at: template.at + n * 2000, rps: Math.round((20 + wave * 3) * 10) / 10, currentP50: 8 + Math.round(wave * 2), currentP95: 30 + Math.round(wave * 10), endpoints, total: { ...template.total, requests: template.total.requests + n * 20 } };
}

const noop = (): void => undefined;
const actions: CockpitActions = { swarm: noop, stop: noop, stepUsers: noop, scaleWorkers: noop, switchScenario: noop, reset: noop, provision: noop, teardown: noop, quit: noop };

async function measure(columns: number, rows: number): Promise<{ cpuMs: number; bytes: number }> {
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns, rows });
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  let written = 0;
  let wrote: (() => void) | null = null;
  stdout.on('data', (chunk: Buffer) => {
    written += chunk.length;
    wrote?.();
  });
  const store = createStore(baseState({ expectedWorkers: 2 }));
  const instance = render(<App store={store} keymap={activeKeymap(false)} actions={actions} scenarios={['jsonplaceholder']} readonly={false} color keys={false} />, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 1000,
    interactive: true,
    alternateScreen: true,
    incrementalRendering: true,
  });
  const frame = async (n: number): Promise<void> => {
    const drawn = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 200); // a frame that changed nothing writes nothing
      wrote = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    store.dispatch({ type: 'locust/snapshot', snapshot: poll(n) });
    store.dispatch({ type: 'clock/tick', at: template.at + n * 2000 });
    store.flush();
    await drawn;
    wrote = null;
  };
  for (let n = 0; n < WARMUP; n++) await frame(n);
  const bytesBefore = written;
  const before = process.cpuUsage();
  for (let n = WARMUP; n < WARMUP + FRAMES; n++) await frame(n);
  const used = process.cpuUsage(before);
  const bytes = written - bytesBefore;
  instance.unmount();
  store.close();
  return { cpuMs: (used.user + used.system) / 1000 / FRAMES, bytes: bytes / FRAMES };
}

console.log(`\nOne cockpit frame (a poll's new numbers), ${FRAMES} frames after ${WARMUP} to warm up; Node ${process.version}\n`);
console.log('| terminal | CPU ms per frame | bytes written per frame |');
console.log('|---|---:|---:|');
const figures: Record<string, { cpuMs: number; bytes: number }> = {};
for (const [columns, rows] of SIZES) {
  const result = await measure(columns, rows);
  figures[`${columns}x${rows}`] = result;
  console.log(`| ${columns}x${rows} | ${result.cpuMs.toFixed(2)} | ${Math.round(result.bytes)} |`);
}
// what stays on the heap after the frames (the memo caches of src/app/lean-ink.ts among it)
(globalThis as { gc?: () => void }).gc?.();
const heapMb = Math.round((process.memoryUsage().heapUsed / 1e6) * 10) / 10;
console.log(`\nheap after a collection: ${heapMb} MB${'gc' in globalThis ? '' : ' (run with --expose-gc for a collected figure)'}`);
// how often Ink's measuring and tokenizing found a line it had seen (src/app/lean-ink.ts)
const memos = Object.fromEntries([...memoStats].map(([name, { hits, misses }]) => [name, Math.round((hits / Math.max(1, hits + misses)) * 1000) / 10]));
for (const [name, rate] of Object.entries(memos)) console.log(`${name}: ${rate} % of calls answered from memory`);
console.log(JSON.stringify({ bench: 'frame', frames: FRAMES, figures, heapMb, memoHitPercent: memos }));
