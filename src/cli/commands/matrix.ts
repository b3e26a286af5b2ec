// `ltop matrix`: plan (or --resume), run the sweep on the runner the platform gives, print a line
// per step and the terminal summary, judge --check per cell, write --junit. Exit 0 when every
// cell succeeded and every check held, 1 otherwise (a signal's code is the caller's to give).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Check, CheckResult } from '../../checks/check.js';
import { judgeChecks } from '../../checks/judge.js';
import { asSummary } from '../../history/summary-file.js';
import { matrixSuite } from '../../matrix/junit.js';
import { sweepEventLine } from '../../matrix/lines.js';
import { validatePlan, type MatrixPlan } from '../../matrix/plan.js';
import type { CellRunner } from '../../matrix/runner.js';
import { loadSweep, matrixDirName } from '../../matrix/store.js';
import { runSweep } from '../../matrix/sweep.js';
import type { SweepEvent } from '../../matrix/events.js';
import { matrixSummaryLines } from '../../matrix/terminal.js';
import { writeJUnit } from '../../report/junit.js';
import type { CommandOutput } from './output.js';

export interface MatrixCommandOptions {
  /** from --replicas/--workers/--users/--duration/--cooldown/--spawn-rate; ignored with --resume (the folder keeps its plan) */
  readonly plan: MatrixPlan | null;
  /** --resume DIR */
  readonly resume?: string | null;
  /** --results-dir: the sweep goes to <resultsDir>/matrix-<start>/ */
  readonly resultsDir: string;
  /** --check: judged on every successful cell */
  readonly checks?: readonly Check[];
  readonly junitFile?: string | null;
  /** where the cells run, kept in matrix.json (--resume refuses another) */
  readonly platform?: string;
  /** terminal summary: colour and width */
  readonly color: boolean;
  readonly width: number;
}

export interface OwnedRunner extends CellRunner {
  close(): Promise<void>;
}

export interface MatrixDeps {
  /** the platform's CellRunner, started for this plan (one platform, one master for the sweep) */
  readonly createRunner: (plan: MatrixPlan, dir: string) => Promise<OwnedRunner>;
  readonly signal?: AbortSignal;
  /** the cockpit's matrix view listens here (matrixReducer) */
  readonly onEvent?: (event: SweepEvent) => void;
  readonly now?: () => number;
}

async function cellChecks(dir: string, keys: readonly string[], checks: readonly Check[]): Promise<Record<string, CheckResult[]>> {
  const judged: Record<string, CheckResult[]> = {};
  for (const key of keys) {
    const summary = asSummary(JSON.parse(await readFile(path.join(dir, key, 'summary.json'), 'utf8').catch(() => 'null')));
    if (typeof summary !== 'string') judged[key] = judgeChecks(checks, summary);
  }
  return judged;
}

export async function matrixCommand(options: MatrixCommandOptions, output: CommandOutput, deps: MatrixDeps): Promise<number> {
  const previous = options.resume ? await loadSweep(options.resume) : undefined;
  if (!previous && !options.plan) throw new Error('matrixCommand needs a plan or --resume');
  const plan = previous?.plan ?? validatePlan(options.plan!);
  const dir = options.resume ?? path.join(options.resultsDir, matrixDirName((deps.now ?? Date.now)()));
  let runner: OwnedRunner;
  try {
    runner = await deps.createRunner(plan, dir);
  } catch (error) {
    output.error(`ltop matrix: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  let result;
  try {
    result = await runSweep({
      plan,
      runner,
      dir,
      ...(previous ? { previous } : {}),
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(options.platform ? { platform: options.platform } : {}),
      ...(deps.now ? { now: deps.now } : {}),
      onEvent: (event) => {
        deps.onEvent?.(event);
        const line = sweepEventLine(event);
        if (line) output.line(line);
      },
    });
  } finally {
    await runner.close();
  }
  for (const line of matrixSummaryLines(result.cells, dir, { width: options.width, height: 8, color: options.color })) output.line(line);
  const checks = options.checks ?? [];
  const judged = checks.length ? await cellChecks(dir, result.cells.filter((record) => record.status === 'ok').map((record) => record.key), checks) : {};
  for (const [key, results] of Object.entries(judged)) for (const check of results) output.line(`${key}: ${check.line}`);
  if (options.junitFile) await writeJUnit(options.junitFile, [matrixSuite(await loadSweep(dir), judged)]);
  const allCells = result.state === 'completed' && result.cells.every((record) => record.status === 'ok');
  const allChecks = Object.values(judged).every((results) => results.every((check) => check.status === 'pass'));
  return allCells && allChecks ? 0 : 1;
}
