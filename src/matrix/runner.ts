// What the sweep needs from a platform, and nothing more: the local and kube adapters implement
// it on the shared run plan, tests with a fake. Every method rejects with the cause on failure.
import type { RunSummary } from '../report/summary.js';

export interface CellSpec {
  readonly users: number;
  readonly spawnRate: number;
  readonly durationSeconds: number;
  /** the cell's own results folder: its usual files (summary.json, CSVs, report) go here */
  readonly dir: string;
  readonly signal: AbortSignal;
}

export interface CellRun {
  readonly summary: RunSummary;
  /** the highest cpu_usage any worker reported while the cell ran; null when unknown */
  readonly peakWorkerCpu: number | null;
}

export interface CellRunner {
  /** present only when there is a target to scale (kube: --target-deployment; local: demo target processes) */
  readonly scaleTarget?: (replicas: number, signal: AbortSignal) => Promise<void>;
  /** resolves once `count` workers are connected to the master */
  scaleWorkers(count: number, signal: AbortSignal): Promise<void>;
  /** reset stats, swarm, hold for the duration, stop, settle, save into spec.dir */
  runCell(spec: CellSpec): Promise<CellRun>;
}

/** A runner error that names the step it failed in, when the runner knows better than the sweep. */
export class CellFailure extends Error {}

/** The platform itself is gone (the Locust master died): no later cell can run, so the sweep ends at once. */
export class SweepAbort extends Error {}
