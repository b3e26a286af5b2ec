// Headless: the same session, state and run plan as the cockpit, with a line printer instead of Ink.
import type { ResolvedOptions } from '../cli/options.js';
import { progressLine, summaryText } from '../headless/line.js';
import { abortReason, canBeLostEarly } from '../checks/abort.js';
import { gateRun } from '../checks/gate.js';
import { loadSummary } from '../history/summary-file.js';
import { runPlan } from '../session/run-plan.js';
import { scalingSummaryLine } from '../target/timeline.js';
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
  // the baseline is read before the run: an unreadable one is a usage error, and a folder's
  // newest run must not be the one about to be written
  const baseline = options.baseline ? await loadSummary(options.baseline) : null;
  const { store, session, feed } = await wire(options, { users: options.users, spawnRate: options.spawnRate }, 1, { plannedRunSeconds: options.duration });
  const abort = new AbortController();
  let signal: NodeJS.Signals | null = null;
  const dispose = onTerminationSignal((received) => {
    signal = received;
    abort.abort();
  });
  // A closed terminal (EIO) is a hangup: save and leave. A closed pipe (`| head -3`) is a reader
  // that has seen enough: the run goes on to its end, saves, and exits with its own code; the
  // lines it can no longer print are dropped, and stderr says where the results went.
  let pipeClosed = false;
  const outputGone = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE') {
      if (!pipeClosed) output.error('ltop: stdout was closed; the run goes on and its results are saved at the end');
      pipeClosed = true;
      return;
    }
    signal ??= 'SIGHUP';
    abort.abort();
  };
  process.stdout.on('error', outputGone);
  // Prometheus failing (down, not Prometheus, bad PromQL) is said on stderr, once per new message
  let promError: string | undefined;
  const offProm = store.subscribe(() => {
    const error = store.getState().serverSample?.error;
    if (error !== undefined && error !== promError) output.error(`ltop: warning: server-side rate: ${error}`);
    promError = error;
  });
  // the last progress line printed: the closing line is not printed twice when the last tick said it
  let printed = '';
  const progress = (): void => {
    printed = progressLine(store.getState());
    output.progress(printed);
  };
  // once the swarm has ended the ticks stop: the closing line (after the workers' last report
  // settled) says where it ended, not a tick a moment before it with other percentiles
  const printer = setInterval(() => store.getState().swarmEndedAt === null && progress(), options.interval * 1000);
  printer.unref();
  // --check-abort: stop as soon as a check can no longer pass (only checks that cannot recover)
  let abortedBy: string | null = null;
  const watcher = options.checkAbort
    ? setInterval(() => {
        const state = store.getState();
        if (abortedBy || !state.locust || state.swarmStartedAt === null) return;
        abortedBy = abortReason(options.checks, state.locust, (Date.now() - state.swarmStartedAt) / 1000, options.checkGraceSeconds, baseline?.summary ?? null);
        if (!abortedBy) return;
        output.progress(`ltop: stopping early: ${abortedBy}`);
        abort.abort();
      }, 1000)
    : null;
  watcher?.unref();
  if (options.checkAbort) {
    // say which checks can end the run early: a rate or a percentile can still recover, so only
    // ceilings of what only grows (requests, failures, max) can be lost before the end
    const late = options.checks.filter((check) => !canBeLostEarly(check));
    if (late.length) output.progress(`ltop: --check-abort watches ${options.checks.length - late.length} of ${options.checks.length} checks; judged only at the end: ${late.map((check) => check.source).join(', ')}`);
  }
  // --budget reached: nobody to ask, so the test stops, results are saved, and ltop exits 1
  let budgetBreach: string | null = null;
  let budgetWarned = false;
  const budgetWatch = options.budget !== undefined
    ? setInterval(() => {
        const budget = store.getState().cost?.budget;
        if (budget?.level === 'warning' && !budgetWarned) output.progress(`ltop: ${budget.message}`);
        budgetWarned ||= budget?.level === 'warning';
        if (budgetBreach || budget?.level !== 'breach') return;
        budgetBreach = budget.message;
        output.progress(`ltop: ${budget.message}: stopping the test (tear down with ltop --platform ${options.platform} and D, or kubectl delete)`);
        abort.abort();
      }, 1000)
    : null;
  budgetWatch?.unref();
  let code = 0;
  let saved = null;
  try {
    const outcome = await runPlan(session, store, {
      users: options.users,
      spawnRate: options.spawnRate,
      durationSeconds: options.duration,
      expectedWorkers: options.workers,
      signal: abort.signal,
      abortReason: () => (abortedBy ? 'check-abort' : budgetBreach ? 'budget' : 'signal'),
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
    offProm();
    if (watcher) clearInterval(watcher);
    if (budgetWatch) clearInterval(budgetWatch);
    // saves again only if something changed since the plan's save (or the plan never saved)
    saved = (await session.shutdown('detach', signal ? 'signal' : 'end of run').catch(() => null)) ?? saved;
    feed.stop();
    dispose();
    process.stdout.off('error', outputGone);
    // what is still written to a closed pipe fails once more: that is no crash
    if (pipeClosed) process.stdout.on('error', () => undefined);
    store.close();
  }
  if (pipeClosed && saved) output.error(`ltop: results: ${saved.dir}`);
  if (saved) {
    if (progressLine(store.getState()) !== printed) progress();
    const gated = options.checks.length > 0 || baseline !== null || options.junitFile !== undefined;
    const gate = gated ? await gateRun(saved.dir, saved.summary, { checks: options.checks, baseline, junitFile: options.junitFile ?? null }) : null;
    if (options.json) {
      output.result(JSON.stringify({ ...saved.summary, ...(gate?.checks.length ? { checks: gate.checks } : {}), ...(gate?.baseline ? { baseline: gate.baseline } : {}), resultsDir: saved.dir }, null, 2));
      for (const line of gate?.lines ?? []) output.progress(line);
    } else {
      const scaling = (feed.hasTarget || options.prometheus) && saved.summary.scaling ? [`scaling: ${scalingSummaryLine(saved.summary.scaling)}`] : [];
      output.result([summaryText(saved.summary, saved.dir), ...scaling, ...(gate?.lines ?? [])].join('\n'));
    }
    if (gate?.exitCode === 1 && code === 0) code = 1;
  } else if (code === 0) {
    output.error('ltop: no requests were made, so no results were written');
    code = 1;
  }
  if (signal) return SIGNAL_EXIT_CODES[signal] ?? 1;
  if (budgetBreach) {
    output.error(`ltop: ${budgetBreach}; the test was stopped${saved ? ' and its results saved' : ''}`);
    return 1;
  }
  if (saved?.summary.partial) return 1;
  return code;
}
