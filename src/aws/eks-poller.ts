// Polls EKS for the infrastructure panel at a bounded rate. One call at a time (a slow answer
// delays the next tick instead of piling up); a failure keeps the last good model and carries
// its cause, and backs off so a throttled or broken account is not hammered.

import type { EKSClient } from '@aws-sdk/client-eks';
import { describeAwsError } from './errors.js';
import type { EksInfraModel } from './eks-model.js';
import { fetchEksInfra } from './eks-status.js';

/** EKS control-plane calls are rate-limited per account: never more often than this. */
export const EKS_POLL_MIN_MS = 5_000;
export const EKS_POLL_DEFAULT_MS = 15_000;
export const EKS_POLL_MAX_BACKOFF_MS = 120_000;

export interface EksInfraReading {
  /** the last model AWS gave; kept through failures */
  readonly model?: EksInfraModel;
  /** the latest call's failure, one line with its cause; undefined once a call succeeds again */
  readonly error?: string;
  readonly errorAt?: Date;
  /** failures in a row */
  readonly failures: number;
}

export interface EksInfraPollerOptions {
  readonly fetch: (signal: AbortSignal) => Promise<EksInfraModel>;
  readonly onReading: (reading: EksInfraReading) => void;
  /** clamped to at least EKS_POLL_MIN_MS */
  readonly intervalMs?: number;
  readonly what?: string;
  readonly profile?: string;
}

export function eksInfraFetcher(eks: EKSClient, clusterName: string): (signal: AbortSignal) => Promise<EksInfraModel> {
  return (signal) => fetchEksInfra(eks, clusterName, signal);
}

export function nextDelayMs(intervalMs: number, failures: number): number {
  const base = Math.max(EKS_POLL_MIN_MS, intervalMs);
  return failures === 0 ? base : Math.min(EKS_POLL_MAX_BACKOFF_MS, base * 2 ** Math.min(failures, 10));
}

export class EksInfraPoller {
  private reading: EksInfraReading = { failures: 0 };
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<EksInfraReading>;
  private readonly abort = new AbortController();
  private stopped = true;

  constructor(private readonly options: EksInfraPollerOptions) {}

  get current(): EksInfraReading {
    return this.reading;
  }

  start(): void {
    if (!this.stopped || this.abort.signal.aborted) return;
    this.stopped = false;
    void this.tick();
  }

  /** Fetch now (a refresh key); joins the call already running instead of adding one. */
  refresh(): Promise<EksInfraReading> {
    this.inFlight ??= this.poll().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
  }

  private async tick(): Promise<void> {
    await this.refresh();
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), nextDelayMs(this.options.intervalMs ?? EKS_POLL_DEFAULT_MS, this.reading.failures));
    this.timer.unref?.();
  }

  private async poll(): Promise<EksInfraReading> {
    try {
      const model = await this.options.fetch(this.abort.signal);
      this.reading = { model, failures: 0 };
    } catch (err) {
      if (this.abort.signal.aborted) return this.reading;
      this.reading = {
        model: this.reading.model,
        error: describeAwsError(this.options.what ?? 'EKS status', err, this.options.profile),
        errorAt: new Date(),
        failures: this.reading.failures + 1,
      };
    }
    if (!this.abort.signal.aborted) this.options.onReading(this.reading);
    return this.reading;
  }
}
