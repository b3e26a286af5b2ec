// The interactive cockpit: Ink on a terminal, the same session (and, for `ltop run`, the same
// run plan) as headless mode underneath.
import { render } from 'ink';
import React from 'react';
import type { ResolvedOptions } from '../cli/options.js';
import { App, type CockpitActions } from '../cockpit/App.js';
import { activeKeymap } from '../cockpit/keymap.js';
import { summaryText } from '../headless/line.js';
import type { SavedResults } from '../report/results.js';
import type { SaveReason } from '../report/summary.js';
import { listScenarios } from '../scenarios.js';
import { runCell } from '../session/run-plan.js';
import { recallLastSwarm, rememberLastSwarm } from './memory.js';
import { onTerminationSignal, SIGNAL_EXIT_CODES } from './signals.js';
import type { Store } from '../state/store.js';
import { wire } from './wire.js';

export const REFRESH_HZ = 4;
/**
 * Ink's own frame throttle, above the store's: the store decides when a frame is drawn (a key
 * within 1/REFRESH_HZ, numbers once a poll); a second throttle at the same rate would hold a
 * key's frame back to its trailing edge, up to twice as late (0.5 s, the last user trial).
 */
export const INK_MAX_FPS = 60;

export interface CockpitMode {
  /** `ltop run` on a terminal: run the timed test in the cockpit, then leave with its summary */
  readonly timed: boolean;
}

/** The stack's price, for the deploy question: the same figure `ltop estimate` prints. */
async function showEstimate(options: ResolvedOptions, store: Store): Promise<void> {
  try {
    // the region as ltop estimate takes it: --region, the tfvars, then AWS_REGION / the profile
    const { stackEstimate } = await import('../aws/pricing/stack-estimate.js');
    const figures = await stackEstimate({ ...(options.varFile ? { tfvarsPath: options.varFile } : {}), ...(options.region ? { region: options.region } : {}), ...(options.profile ? { profile: options.profile } : {}), hours: 1 });
    store.dispatch({ type: 'session/infra-estimate', text: `$${figures.perHour.toFixed(2)}/h in ${figures.region}` });
  } catch {
    // no region or prices: the question goes without a figure (ltop estimate says why)
  }
}

export async function runCockpit(options: ResolvedOptions, color: boolean, mode: CockpitMode = { timed: false }): Promise<number> {
  const remembered = recallLastSwarm();
  const lastSwarm = options.swarmGiven || !remembered ? { users: options.users, spawnRate: options.spawnRate } : remembered;
  const { store, session, feed, platform } = await wire(options, lastSwarm, REFRESH_HZ, { onSwarmAccepted: rememberLastSwarm, ...(mode.timed ? { plannedRunSeconds: options.duration } : {}) });
  const keysWork = process.stdin.isTTY === true;
  const abort = new AbortController();
  let leaving: Promise<number> | null = null;
  /** the timed run, when there is one: leaving waits for it to save (it stops on the abort) */
  let plan: Promise<SavedResults | null> = Promise.resolve(null);

  let leaveReason: SaveReason = 'quit';
  /** a provision or destroy in flight: leaving interrupts it once and waits for Terraform to stop */
  let infraBusy: Promise<boolean> | null = null;
  const leave = (how: 'detach' | 'teardown', code: number, reason: SaveReason = how === 'teardown' ? 'teardown' : 'quit'): Promise<number> => {
    if (!leaving) leaveReason = reason;
    abort.abort();
    leaving ??= (async () => {
      store.dispatch({ type: 'session/status', level: 'info', message: infraBusy ? 'interrupting terraform once; waiting for it to stop cleanly…' : how === 'teardown' ? 'saving results, then tearing down…' : 'saving results and stopping…', at: Date.now() });
      store.flush();
      await infraBusy?.catch(() => false);
      const planned = await plan.catch(() => null);
      const saved = (await session.shutdown(how, reason).catch(() => null)) ?? planned;
      feed.stop();
      instance.unmount();
      await instance.waitUntilExit().catch(() => undefined);
      if (saved) process.stdout.write(`${summaryText(saved.summary, saved.dir)}\n`);
      // results from the last numbers ltop held (the master died): not a clean run, as headless says too
      if (saved?.summary.partial && code === 0) code = 1;
      // an interrupted provision or destroy: what Terraform's state holds now, once the screen is back
      const run = store.getState().infraRun;
      if (run?.failure && run.outcome !== 'running') {
        process.stdout.write(`${[`${run.operation}: ${run.failure.message}`, ...run.failure.lines].join('\n')}\n`);
        // and the exit code says it: 130 interrupted, 1 failed (a signal's own code stays)
        if (code === 0) return run.outcome === 'cancelled' ? 130 : 1;
      }
      return code;
    })();
    return leaving;
  };

  const actions: CockpitActions = {
    swarm: (users, spawnRate) => void session.swarm(users, spawnRate),
    stop: () => void session.stopSwarm(),
    stepUsers: (direction) => void session.stepUsers(direction),
    scaleWorkers: (delta) => void session.changeWorkers(delta),
    switchScenario: (name) => void session.switchScenario({ kind: 'bundled', name }),
    reset: () => void session.resetStats(),
    provision: () => void (infraBusy = session.provision(abort.signal).finally(() => (infraBusy = null))),
    // the budget's question offers a teardown even under --readonly (which hides D): refuse it there.
    // A platform with infrastructure (eks) stays on screen when its destroy fails, for R to retry.
    teardown: () =>
      options.readonly
        ? store.dispatch({ type: 'session/status', level: 'warn', message: '--readonly: ltop tears nothing down; stop the test (or tear down) from a session without --readonly', at: Date.now() })
        : platform.infra
          ? void (infraBusy = session.destroyInfra(abort.signal).finally(() => (infraBusy = null))).then((ok) => void (ok && leave('detach', 0, 'teardown')))
          : void leave('teardown', 0),
    quit: () => void leave('detach', 0),
  };

  const instance = render(
    <App store={store} keymap={activeKeymap(options.readonly)} actions={actions} scenarios={listScenarios()} readonly={options.readonly} color={color} keys={keysWork} />,
    { exitOnCtrlC: false, maxFps: INK_MAX_FPS, interactive: process.stdout.isTTY === true, alternateScreen: process.stdout.isTTY === true, patchConsole: true, incrementalRendering: true },
  );
  // A closed terminal (SSH drop, tmux kill-session) shows up as EIO on the next frame, often
  // before the SIGHUP: it means the same, and must never crash ltop before it has saved.
  const terminalGone = (): void => void leave('detach', SIGNAL_EXIT_CODES['SIGHUP'] ?? 129, 'signal');
  process.stdout.on('error', terminalGone);
  process.stdin.on('error', terminalGone);
  const dispose = onTerminationSignal((signal) => void leave('detach', SIGNAL_EXIT_CODES[signal] ?? 1, 'signal'));
  if (options.platform === 'eks') void showEstimate(options, store);
  // who may reach the API of the stack `d` would create (a what-is-my-IP lookup when the var file says nothing)
  void platform.infra?.terms?.().then((terms) => store.dispatch({ type: 'session/infra-terms', text: terms.short }), () => undefined);
  if (!mode.timed) void session.start();
  else plan = (async () => {
    if (!(await session.start())) return null;
    if (options.workers > 0) await session.waitForWorkers(60000).catch(() => undefined);
    if (abort.signal.aborted) return null;
    const outcome = await runCell(session, store, { users: options.users, spawnRate: options.spawnRate, durationSeconds: options.duration }, abort.signal, () => leaveReason);
    if (!abort.signal.aborted) setImmediate(() => void leave('detach', outcome.end === 'failed' ? 1 : 0, 'end of run'));
    return outcome.saved;
  })();
  await instance.waitUntilExit().catch(() => undefined);
  const code = await (leaving ?? leave('detach', 0));
  dispose();
  process.stdout.off('error', terminalGone);
  process.stdin.off('error', terminalGone);
  store.close();
  return code;
}
