// SIGINT, SIGTERM and SIGHUP (an SSH drop) all mean: save, stop what we started, leave.
// A second signal while leaving forces the exit, but only one that comes later than
// REPEAT_GRACE_MS: Ink's signal-exit re-raises the very signal it saw (process.kill(pid, sig))
// within milliseconds, and taking that echo for a second signal killed ltop before it saved.

export const SIGNAL_EXIT_CODES: Readonly<Record<string, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

const REPEAT_GRACE_MS = 1000;

export function onTerminationSignal(handler: (signal: NodeJS.Signals) => void, now: () => number = Date.now): () => void {
  let receivedAt: number | null = null;
  const listener = (signal: NodeJS.Signals): void => {
    if (receivedAt !== null) {
      if (now() - receivedAt >= REPEAT_GRACE_MS) process.exit(SIGNAL_EXIT_CODES[signal] ?? 1);
      return;
    }
    receivedAt = now();
    handler(signal);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, listener);
  return () => {
    for (const signal of signals) process.off(signal, listener);
  };
}
