// How the demo target slows down under concurrency, so a sweep over users shows a knee:
// - capacity C (> 0): the process serves at most C requests at a time; the rest wait in a FIFO
//   queue for a slot, like a fixed thread pool. Throughput stops at C / latency and, past that,
//   latency grows with every user added;
// - latencyPerInflightMs: each request also waits this long for every other request in flight
//   when it arrived (a gentler, linear rise).
// Both are per process: with --replicas N the knee moves N times further out.

export class CapacityGate {
  private busy = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private capacity: number) {}

  setCapacity(capacity: number): void {
    this.capacity = capacity;
    this.drain();
  }

  /** requests waiting for a slot */
  get waiting(): number {
    return this.queue.length;
  }

  /** Wait for a slot (immediately when capacity is 0 = unlimited); call the returned release once. */
  async acquire(): Promise<() => void> {
    if (this.capacity > 0 && (this.busy >= this.capacity || this.queue.length > 0)) {
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else this.busy++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.busy--;
      this.drain();
    };
  }

  private drain(): void {
    while (this.queue.length > 0 && (this.capacity <= 0 || this.busy < this.capacity)) {
      this.busy++;
      this.queue.shift()!();
    }
  }
}
