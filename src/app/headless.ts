// Headless: the same session, state and run plan as the cockpit, with a line printer instead of Ink.
import type { ResolvedOptions } from '../cli/options.js';
import { progressLine, summaryText } from '../headless/line.js';
import { runPlan } from '../session/run-plan.js';
import { onTerminationSignal, SIGNAL_EXIT_CODES } from './signals.js';
import { wire } from './wire.js';

export interface Output {
  /** progress lines */
  readonly progress: (line: string) => void;
  /** the final result (summary text or JSON) */
  readonly result: (text: string) => void;
  readonly error: (line: string) => void;
}

/** Runs one test for options.duration; resolves with the process exit code. */
export async function runHeadless(options: ResolvedOptions, output: Output): Promise<number> {
  const { store, session } = await wire(options, { users: options.users, spawnRate: options.spawnRate }, 1);
  const abort = new AbortController();
  let signal: NodeJS.Signals | null = null;
  const dispose = onTerminationSignal((received) => {
    signal = received;
    abort.abort();
  });
  // stdout gone (a closed terminal or pipe: EIO, EPIPE) is a hangup: save and leave, never crash
  const outputGone = (): void => {
    signal ??= 'SIGHUP';
    abort.abort();
  };
  process.stdout.on('error', outputGone);
  const printer = setInterval(() => output.progress(progressLine(store.getState())), options.interval * 1000);
  printer.unref();
  let code = 0;
  let saved = null;
  try {
    const outcome = await runPlan(session, store, {
      users: options.users,
      spawnRate: options.spawnRate,
      durationSeconds: options.duration,
      expectedWorkers: options.workers,
      signal: abort.signal,
      onSwarming: output.progress,
    });
    saved = outcome.saved;
    if (outcome.end === 'failed') {
      output.error(`ltop: ${outcome.error}`);
      code = 1;
    }
  } catch (error) {
    output.error(`ltop: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
  } finally {
    clearInterval(printer);
    // saves again only if something changed since the plan's save (or the plan never saved)
    saved = (await session.shutdown('detach', signal ? 'signal' : 'end of run').catch(() => null)) ?? saved;
    dispose();
    process.stdout.off('error', outputGone);
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
  if (saved?.summary.partial) return 1;
  return code;
}
