// One snapshot type for every supported Locust version (2.12 through current).
// Everything downstream (reducer, panels, reports) reads only this.

export type LocustState =
  | 'ready'
  | 'spawning'
  | 'running'
  | 'cleanup'
  | 'stopping'
  | 'stopped'
  | 'missing'
  | 'unknown';

export interface EndpointStats {
  readonly method: string;
  readonly name: string;
  readonly requests: number;
  readonly failures: number;
  /** rolling requests/s over Locust's recent window */
  readonly currentRps: number;
  readonly currentFailPerSec: number;
  /** milliseconds; null where this Locust version does not report it */
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly avg: number;
  readonly min: number;
  readonly max: number;
  /** bytes */
  readonly avgSize: number;
}

export interface LocustError {
  readonly method: string;
  readonly name: string;
  readonly message: string;
  readonly occurrences: number;
}

export interface LocustWorker {
  readonly id: string;
  readonly state: LocustState;
  readonly users: number;
  readonly cpuPercent: number;
  readonly memoryBytes: number;
}

export interface LocustSnapshot {
  /** epoch ms when ltop fetched it */
  readonly at: number;
  readonly state: LocustState;
  readonly users: number;
  /** whole-run or rolling rate, whichever the version reports as current */
  readonly rps: number;
  readonly failPerSec: number;
  readonly failRatio: number;
  /** current (rolling window) percentiles across all requests, ms */
  readonly currentP50: number | null;
  readonly currentP95: number | null;
  readonly endpoints: readonly EndpointStats[];
  /** the "Aggregated" row */
  readonly total: EndpointStats;
  readonly errors: readonly LocustError[];
  /** undefined when the master runs without workers (standalone) */
  readonly workers: readonly LocustWorker[];
}
