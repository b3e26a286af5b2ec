// The commands that answer from results, logs and prices rather than run the cockpit:
// history, compare, matrix, logs, estimate. Each parses its flags here and calls its core.
import { Command, Option } from 'commander';
import path from 'node:path';
import { parseCount, parseDuration, parseRate, UsageError } from '../cli/parse.js';
import { addOptions, COMMON, resolveOptions } from '../cli/options.js';
import { parseCooldown, parseList } from '../matrix/plan.js';

/** COMMON's flags the matrix takes as they are (its plan has lists of workers and users; no budget, no fixed replicas) */
const { workers: _workers, users: _users, spawnRate: _spawnRate, budget: _budget, demoReplicas: _demoReplicas, ...MATRIX_SHARED } = COMMON;

type SetCode = (run: () => Promise<number>) => void;

/** Abort on the first SIGINT/SIGTERM/SIGHUP; the caller maps the signal to its exit code. */
function signalAbort(): { signal: AbortSignal; received: () => NodeJS.Signals | null; abort: () => void; interrupt: (signal: NodeJS.Signals) => void; dispose: () => void } {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const handler = (signal: NodeJS.Signals): void => {
    received ??= signal;
    controller.abort();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const name of signals) process.on(name, handler);
  // interrupt: Ctrl+C in the view (raw mode: no SIGINT arrives) ends the sweep as SIGINT does, with its code
  return { signal: controller.signal, received: () => received, abort: () => controller.abort(), interrupt: handler, dispose: () => signals.forEach((name) => process.off(name, handler)) };
}

const SIGNAL_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };


/** A list flag given twice would silently keep the last list: refused, with how to write one. */
function onceList(flag: string, parse: (value: string) => number[]): (value: string, previous: unknown) => number[] {
  return (value, previous) => {
    if (previous !== undefined) throw new UsageError(`${flag} given twice: give one list, e.g. ${flag} 1,2,4`);
    return parse(value);
  };
}

function option(flags: string, help: string, parse?: (value: string, previous: unknown) => unknown): Option {
  const made = new Option(flags, help);
  if (parse) made.argParser((value: string, previous: unknown) => parse(value, previous));
  return made;
}

/** the matrix's own flags; the rest (platform, scenario, target, kube context…) are COMMON's */
interface MatrixFlags {
  replicas?: number[];
  workers?: number[];
  users?: number[];
  duration?: number;
  cooldown?: number;
  spawnRate?: number;
  resume?: string;
  check?: string[];
  junit?: string;
  readyTimeout?: number;
  headless?: boolean;
}

const PLAN_FLAGS = ['replicas', 'workers', 'users', 'duration', 'cooldown', 'spawnRate'] as const;
const MATRIX_ONLY: ReadonlySet<string> = new Set([...PLAN_FLAGS, 'resume', 'check', 'junit', 'readyTimeout', 'headless']);

async function matrix(flags: MatrixFlags & Record<string, unknown>, color: boolean): Promise<number> {
  const [{ parseChecks }, { validatePlan }, { matrixCommand }, { processOutput, pipeSafeOutput }, { loadSweep }, { startMatrixRunner, checkTargetScaling }] = await Promise.all([
    import('../checks/parse.js'),
    import('../matrix/plan.js'),
    import('../cli/commands/matrix.js'),
    import('../cli/commands/output.js'),
    import('../matrix/store.js'),
    import('./matrix-runner.js'),
  ]);
  const planFlags = PLAN_FLAGS.filter((name) => flags[name] !== undefined);
  if (flags.resume && planFlags.length) {
    throw new UsageError(`--resume takes the plan from the sweep's folder: leave out ${planFlags.map((name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}`);
  }
  const shared = resolveOptions(Object.fromEntries(Object.entries(flags).filter(([key]) => !MATRIX_ONLY.has(key))), MATRIX_SHARED);
  const resume = flags.resume ? path.resolve(flags.resume) : null;
  const previous = resume ? await loadSweep(resume) : null;
  if (previous?.platform && previous.platform !== shared.platform) {
    throw new UsageError(`--resume ${flags.resume}: that sweep ran on ${previous.platform}; give --platform ${previous.platform} again (with the flags it ran with, e.g. --target-deployment)`);
  }
  const plan = previous
    ? previous.plan
    : validatePlan({ replicas: flags.replicas ?? null, workers: flags.workers ?? [], users: flags.users ?? [], durationSeconds: flags.duration ?? 60, cooldownSeconds: flags.cooldown ?? 0, spawnRate: flags.spawnRate ?? null });
  // every usage error before anything starts
  checkTargetScaling(shared, plan.replicas !== null);
  const checks = flags.check?.length ? parseChecks(flags.check) : [];
  const readyTimeoutMs = (flags.readyTimeout ?? 300) * 1000;
  const cockpit = flags.headless !== true && process.stdout.isTTY === true;
  const abort = signalAbort();
  try {
    const request = { plan: resume ? null : plan, resume, platform: shared.platform, resultsDir: shared.resultsDir, checks, junitFile: flags.junit ? path.resolve(flags.junit) : null, color: color && process.stdout.isTTY === true, width: process.stdout.columns ?? 100 };
    const start = (dir: string, maxHz: number) => startMatrixRunner({ options: { ...shared, workers: plan.workers[0] ?? 1 }, dir, scalesTarget: plan.replicas !== null, readyTimeoutMs, maxHz });
    let code: number;
    if (cockpit) {
      const { runMatrixCockpit } = await import('./matrix-cockpit.js');
      code = await runMatrixCockpit(request, { signal: abort.signal, start, color, keys: process.stdin.isTTY === true, abort: () => abort.abort(), interrupt: () => abort.interrupt('SIGINT') });
    } else {
      // `| head -3`: the sweep goes on to its end, saved and reported; a closed terminal is a hangup
      const piped = pipeSafeOutput(() => abort.interrupt('SIGHUP'));
      let sweepDir = '';
      try {
        code = await matrixCommand(request, piped.output, { signal: abort.signal, createRunner: async (_plan, dir) => (await start((sweepDir = dir), 1)).runner });
      } finally {
        piped.dispose();
      }
      if (piped.closed() && sweepDir) processOutput.error(`ltop: results: ${sweepDir}`);
    }
    const received = abort.received();
    return received ? (SIGNAL_CODES[received] ?? 1) : code;
  } finally {
    abort.dispose();
  }
}

export function addAnswerCommands(root: Command, setCode: SetCode, color: boolean): void {
  addOptions(
    root
      .command('matrix')
      .description('a sweep: every replicas x workers x users cell in turn, a CSV after each, a report with the knee')
      .exitOverride()
      .addOption(option('--replicas <list>', 'target replicas, e.g. 1,2,4 (local: the demo target\'s processes; kube/eks: the --target-deployment Deployments)', onceList('--replicas', parseList('--replicas'))))
      .addOption(option('--workers <list>', 'workers per cell, e.g. 1,2,4', onceList('--workers', parseList('--workers'))))
      .addOption(option('--users <list>', 'users per cell, e.g. 10,20,40', onceList('--users', parseList('--users'))))
      .addOption(option('--duration <time>', 'how long each cell holds (default 60s)', parseDuration('--duration')))
      .addOption(option('--cooldown <time>', 'pause between cells (default 0)', parseCooldown('--cooldown')))
      .addOption(option('--spawn-rate <r>', 'users started per second (default: all at once)', parseRate('--spawn-rate')))
      .addOption(option('--ready-timeout <time>', 'how long a cell waits for the target\'s pods to be Ready and for its workers to connect (default 5m)', parseDuration('--ready-timeout')))
      .addOption(option('--resume <dir>', 'an interrupted sweep\'s folder: run only the cells not done'))
      .addOption(new Option('--check <checks>', 'SLO checks judged on every cell (repeatable)').argParser((v: string, previous: unknown) => [...(Array.isArray(previous) ? previous : []), v]))
      .addOption(option('--junit <file>', 'JUnit XML, one test case per cell'))
      .addOption(option('--headless', 'no cockpit: a line per step and cell, then the summary (the default when stdout is not a terminal)')),
    MATRIX_SHARED,
  ).action((flags: MatrixFlags & Record<string, unknown>) => setCode(() => matrix(flags, color)));

  root
    .command('history')
    .description('past runs under the results folder, newest first')
    .exitOverride()
    .addOption(option('--results-dir <dir>', 'where results are (default ./ltop-results)'))
    .addOption(option('--limit <n>', 'at most this many runs (default 20)', parseCount('--limit', 1)))
    .addOption(option('--json', 'as JSON'))
    .action((flags: { resultsDir?: string; limit?: number; json?: boolean }) =>
      setCode(async () => {
        const { historyCommand } = await import('../cli/commands/history.js');
        const { processOutput, endQuietlyOnClosedPipe } = await import('../cli/commands/output.js');
        endQuietlyOnClosedPipe();
        return historyCommand({ resultsDir: flags.resultsDir ?? 'ltop-results', limit: flags.limit ?? 20, json: flags.json ?? false }, processOutput);
      }),
    );

  root
    .command('compare')
    .description('two runs side by side (a summary.json or a results folder each)')
    .argument('<a>', 'the earlier run')
    .argument('<b>', 'the later run')
    .exitOverride()
    .addOption(option('--json', 'as JSON'))
    .action((a: string, b: string, flags: { json?: boolean }) =>
      setCode(async () => {
        const { compareCommand } = await import('../cli/commands/compare.js');
        const { processOutput, endQuietlyOnClosedPipe } = await import('../cli/commands/output.js');
        endQuietlyOnClosedPipe();
        return compareCommand({ a, b, json: flags.json ?? false }, processOutput);
      }),
    );

  root
    .command('estimate')
    .description('what an EKS stack would cost, per component, per hour and for --hours')
    .exitOverride()
    .addOption(option('--var-file <file>', 'the stack\'s tfvars (default: the defaults in terraform/variables.tf)'))
    .addOption(option('--region <region>', 'AWS region (over the tfvars)'))
    .addOption(option('--hours <h>', 'planned test length in hours (default 1)', parseRate('--hours')))
    .addOption(option('--refresh-prices', 'first fetch the stack\'s instance prices from the AWS Price List API (cached with its date)'))
    .addOption(option('--json', 'the estimate as JSON'))
    .action((flags: { varFile?: string; region?: string; hours?: number; refreshPrices?: boolean; json?: boolean }) =>
      setCode(async () => {
        const { runEstimate } = await import('../cost/run-estimate.js');
        return runEstimate(
          { ...(flags.varFile ? { tfvarsPath: flags.varFile } : {}), ...(flags.region ? { region: flags.region } : {}), hours: flags.hours ?? 1, refreshPrices: flags.refreshPrices ?? false, json: flags.json ?? false },
          { stdout: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`), stderr: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`) },
        );
      }),
    );

  root
    .command('logs')
    .description('the master\'s and workers\' logs in the terminal (eks: CloudWatch Logs; kube: the pods)')
    .exitOverride()
    .addOption(option('--platform <name>', 'eks or kube (default kube)'))
    .addOption(option('--since <time>', 'how far back to start: 30s, 10m, 1h (default 10m)', parseDuration('--since')))
    .addOption(option('--follow', 'keep printing new lines'))
    .addOption(option('--filter <text>', 'only lines containing TEXT (any case)'))
    .addOption(option('--log-group <name>', 'eks: read this CloudWatch log group'))
    .addOption(option('--cluster <name>', 'eks: the cluster whose Container Insights log group is read'))
    .addOption(option('--region <region>', 'eks: AWS region'))
    .addOption(option('--namespace <name>', 'the namespace ltop runs in (default ltop)'))
    .addOption(option('--context <name>', 'kube: kubeconfig context'))
    .addOption(option('--kubeconfig <file>', 'kube: kubeconfig file'))
    .action(
      (flags: { platform?: string; since?: number; follow?: boolean; filter?: string; logGroup?: string; cluster?: string; region?: string; namespace?: string; context?: string; kubeconfig?: string }) =>
        setCode(async () => {
          const platform = flags.platform ?? (flags.logGroup || flags.cluster ? 'eks' : 'kube');
          if (platform !== 'eks' && platform !== 'kube') throw new UsageError(`--platform must be eks or kube for ltop logs (got "${platform}")`);
          const { runLogs } = await import('../logs/run-logs.js');
          const abort = signalAbort();
          try {
            const code = await runLogs(
              {
                platform,
                sinceSeconds: flags.since ?? 600,
                follow: flags.follow ?? false,
                ...(flags.filter ? { filter: flags.filter } : {}),
                ...(flags.logGroup ? { logGroup: flags.logGroup } : {}),
                ...(flags.cluster ? { cluster: flags.cluster } : {}),
                ...(flags.region ? { region: flags.region } : {}),
                ...(flags.namespace ? { namespace: flags.namespace } : {}),
                kube: { ...(flags.context ? { context: flags.context } : {}), ...(flags.kubeconfig ? { kubeconfigPath: flags.kubeconfig } : {}) },
                color: color && process.stdout.isTTY === true,
                signal: abort.signal,
              },
              { line: (text) => void process.stdout.write(`${text}\n`), notice: (text) => void process.stderr.write(`${text}\n`) },
            );
            const received = abort.received();
            return received ? (SIGNAL_CODES[received] ?? 1) : code;
          } finally {
            abort.dispose();
          }
        }),
    );
}

export { signalAbort, SIGNAL_CODES };
