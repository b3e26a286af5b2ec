// A bounded poll: run `task` now and then once per interval, one run at a time (a slow run
// delays the next, never overlaps it), until stop(). The task handles its own errors.

export class Poll {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  get running(): boolean {
    return !this.stopped;
  }

  private async tick(): Promise<void> {
    const began = Date.now();
    try {
      await this.task();
    } catch {
      // the task reports its own failures; a throw must not end the poll
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), Math.max(0, this.intervalMs - (Date.now() - began)));
    this.timer.unref();
  }
}
