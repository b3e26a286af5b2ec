// Headless: the same session and state as the cockpit, with a line printer instead of Ink.
import { setTimeout as delay } from 'node:timers/promises';
import type { ResolvedOptions } from '../cli/options.js';
import type { SavedResults } from '../report/results.js';
import { onTerminationSignal, SIGNAL_EXIT_CODES } from './signals.js';
import { wire } from './wire.js';
import { phase } from '../state/selectors.js';
import { progressLine, summaryText } from '../headless/line.js';

export interface Output {
  /** progress lines */
  readonly progress: (line: string) => void;
  /** the final result (summary text or JSON) */
  readonly result: (text: string) => void;
  readonly error: (line: string) => void;
}

const WORKERS_TIMEOUT_MS = 60000;

/** Runs one test for options.duration; resolves with the process exit code. */
export async function runHeadless(options: ResolvedOptions, output: Output): Promise<number> {
  const { store, session } = await wire(options, { users: options.users, spawnRate: options.spawnRate }, 1);
  const abort = new AbortController();
  let signal: NodeJS.Signals | null = null;
  const dispose = onTerminationSignal((received) => {
    signal = received;
    abort.abort();
  });
  const printer = setInterval(() => output.progress(progressLine(store.getState())), options.interval * 1000);
  printer.unref();
  let saved: SavedResults | null = null;
  let code = 0;
  try {
    if (!(await session.start())) {
      output.error(`ltop: ${store.getState().fatal ?? 'the platform did not start'}`);
      code = 1;
      return code;
    }
    if (options.workers > 0) await session.waitForWorkers(WORKERS_TIMEOUT_MS);
    if (!(await session.swarm(options.users, options.spawnRate, options.duration))) {
      output.error(`ltop: ${store.getState().status?.message ?? 'could not start the swarm'}`);
      return 1;
    }
    output.progress(`ltop: swarming ${options.users} users at ${options.spawnRate}/s for ${options.duration}s (${options.workers} workers)`);
    // Run until the duration is up, the master stops by itself, or a signal arrives.
    const deadline = Date.now() + options.duration * 1000;
    while (Date.now() < deadline && !abort.signal.aborted) {
      await delay(Math.min(500, Math.max(0, deadline - Date.now())), undefined, { signal: abort.signal }).catch(() => undefined);
      if (phase(store.getState()) === 'stopped') break;
    }
    // On a signal, save what there is and leave at once (shutdown saves); otherwise stop
    // cleanly so the final numbers settle first.
    if (!abort.signal.aborted) await session.stopSwarm();
  } catch (error) {
    output.error(`ltop: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
  } finally {
    clearInterval(printer);
    saved = await session.shutdown().catch(() => null);
    dispose();
    store.close();
  }
  if (saved) {
    output.progress(progressLine(store.getState()));
    output.result(options.json ? JSON.stringify({ ...saved.summary, resultsDir: saved.dir }, null, 2) : summaryText(saved.summary, saved.dir));
  } else if (code === 0) {
    output.error('ltop: no requests were made, so no results were written');
    code = 1;
  }
  if (signal) return SIGNAL_EXIT_CODES[signal] ?? 1;
  return code;
}
