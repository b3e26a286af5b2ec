// The end of a gated run: judge the checks on the saved summary, compare with the baseline, put
// both into summary.json, write the JUnit file, and say what the exit code is. One call for the
// headless runner (and the cockpit's `ltop run`) after the results are saved.
import type { RunSummary } from '../report/summary.js';
import { amendSummary } from '../history/summary-file.js';
import { baselineLines, baselineVerdict, compareToBaseline, type BaselineComparison } from '../report/baseline.js';
import { checksSuite, writeJUnit } from '../report/junit.js';
import type { Check, CheckResult } from './check.js';
import { checksExitCode, checksVerdict, judgeChecks } from './judge.js';

export interface GateOptions {
  readonly checks: readonly Check[];
  /** the loaded --baseline, with the file it came from */
  readonly baseline?: { readonly file: string; readonly summary: RunSummary } | null;
  /** --junit FILE */
  readonly junitFile?: string | null;
}

export interface GateResult {
  readonly checks: readonly CheckResult[];
  readonly baseline: BaselineComparison | null;
  /** for the output: one per check, the baseline table, the verdicts */
  readonly lines: readonly string[];
  /** 0 all checks hold (or none given), 1 any failed or could not be judged */
  readonly exitCode: 0 | 1;
}

export async function gateRun(resultsDir: string, summary: RunSummary, options: GateOptions): Promise<GateResult> {
  const checks = judgeChecks(options.checks, summary, options.baseline?.summary ?? null);
  const baseline = options.baseline ? compareToBaseline(summary, options.baseline.summary, options.baseline.file) : null;
  await amendSummary(resultsDir, { ...(checks.length ? { checks } : {}), ...(baseline ? { baseline } : {}) });
  if (options.junitFile) {
    await writeJUnit(options.junitFile, [
      checksSuite(checks, { name: `ltop checks: ${summary.scenario}`, startedAt: Date.parse(summary.startedAt), durationSeconds: summary.durationSeconds, properties: { scenario: summary.scenario, platform: summary.platform, target: summary.targetHost, resultsDir } }),
    ]);
  }
  const lines = [
    ...(baseline ? [...baselineLines(baseline), baselineVerdict(baseline)] : []),
    ...checks.map((check) => check.line),
    ...(checks.length ? [checksVerdict(checks)] : []),
  ];
  return { checks, baseline, lines, exitCode: checksExitCode(checks) };
}
