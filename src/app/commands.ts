// The commands that answer from results, logs and prices rather than run the cockpit:
// history, compare, matrix, logs, estimate. Each parses its flags here and calls its core.
import { Command, Option } from 'commander';
import path from 'node:path';
import { parseCount, parseDuration, parseRate, UsageError } from '../cli/parse.js';
import { parseCooldown, parseList } from '../matrix/plan.js';

type SetCode = (run: () => Promise<number>) => void;

/** Abort on the first SIGINT/SIGTERM/SIGHUP; the caller maps the signal to its exit code. */
function signalAbort(): { signal: AbortSignal; received: () => NodeJS.Signals | null; dispose: () => void } {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const handler = (signal: NodeJS.Signals): void => {
    received ??= signal;
    controller.abort();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const name of signals) process.on(name, handler);
  return { signal: controller.signal, received: () => received, dispose: () => signals.forEach((name) => process.off(name, handler)) };
}

const SIGNAL_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };


function option(flags: string, help: string, parse?: (value: string) => unknown): Option {
  const made = new Option(flags, help);
  if (parse) made.argParser((value: string) => parse(value));
  return made;
}

interface MatrixFlags {
  platform?: string;
  replicas?: number[];
  workers?: number[];
  users?: number[];
  duration?: number;
  cooldown?: number;
  spawnRate?: number;
  resume?: string;
  check?: string[];
  junit?: string;
  resultsDir?: string;
  scenario?: string;
  locustfile?: string;
  host?: string;
  demoLatencyMs?: number;
  demoErrorRate?: number;
}

async function matrix(flags: MatrixFlags, color: boolean): Promise<number> {
  if ((flags.platform ?? 'local') !== 'local') {
    throw new UsageError('ltop matrix runs on the local platform in this version (kube and eks sweeps need a cell runner for the cluster: not built yet)');
  }
  const [{ parseChecks }, { validatePlan }, { startLocalCellRunner }, { matrixCommand }, { processOutput }, { findLocust }, { demoTargetAdmin }, { requireScenario }, { LTOP_VERSION }] = await Promise.all([
    import('../checks/parse.js'),
    import('../matrix/plan.js'),
    import('../matrix/local-runner.js'),
    import('../cli/commands/matrix.js'),
    import('../cli/commands/output.js'),
    import('../platforms/local/locust-binary.js'),
    import('../demo/admin-client.js'),
    import('../scenarios.js'),
    import('./wire.js'),
  ]);
  const planFlags = (['replicas', 'workers', 'users', 'duration', 'cooldown', 'spawnRate'] as const).filter((name) => flags[name] !== undefined);
  if (flags.resume && planFlags.length) {
    throw new UsageError(`--resume takes the plan from the sweep's folder: leave out ${planFlags.map((name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}`);
  }
  if (flags.replicas && flags.host) throw new UsageError('--replicas on the local platform scales the bundled demo target: leave out --host');
  if (flags.scenario && flags.locustfile) throw new UsageError('--scenario and --locustfile cannot be used together');
  const scenario = flags.locustfile ? ({ kind: 'file', path: path.resolve(flags.locustfile) } as const) : requireScenario(flags.scenario ?? 'jsonplaceholder');
  const plan = flags.resume
    ? null
    : validatePlan({ replicas: flags.replicas ?? null, workers: flags.workers ?? [], users: flags.users ?? [], durationSeconds: flags.duration ?? 60, cooldownSeconds: flags.cooldown ?? 0, spawnRate: flags.spawnRate ?? null });
  const checks = flags.check?.length ? parseChecks(flags.check) : [];
  const abort = signalAbort();
  try {
    const code = await matrixCommand(
      { plan, resume: flags.resume ? path.resolve(flags.resume) : null, resultsDir: path.resolve(flags.resultsDir ?? 'ltop-results'), checks, junitFile: flags.junit ? path.resolve(flags.junit) : null, color: color && process.stdout.isTTY === true, width: process.stdout.columns ?? 100 },
      processOutput,
      {
        signal: abort.signal,
        createRunner: (chosen, dir) =>
          startLocalCellRunner({
            platform: { locust: findLocust(), ...(flags.host ? { host: flags.host } : {}), ...(flags.demoLatencyMs !== undefined ? { demoLatencyMs: flags.demoLatencyMs } : {}), ...(flags.demoErrorRate !== undefined ? { demoErrorRate: flags.demoErrorRate } : {}) },
            scenario,
            stagingDir: path.join(dir, '.staging'),
            ltopVersion: LTOP_VERSION,
            workers: chosen.workers[0] ?? 1,
            ...(flags.host ? {} : { scaleTarget: (replicas: number, targetHost: string) => demoTargetAdmin(targetHost).setReplicas(replicas).then(() => undefined) }),
          }),
      },
    );
    const received = abort.received();
    return received ? (SIGNAL_CODES[received] ?? 1) : code;
  } finally {
    abort.dispose();
  }
}

export function addAnswerCommands(root: Command, setCode: SetCode, color: boolean): void {
  root
    .command('matrix')
    .description('a sweep: every replicas x workers x users cell in turn, a CSV after each, a report with the knee')
    .exitOverride()
    .addOption(option('--platform <name>', 'local (default)'))
    .addOption(option('--replicas <list>', 'target replicas, e.g. 1,2,4 (local: the demo target\'s processes)', parseList('--replicas')))
    .addOption(option('--workers <list>', 'workers per cell, e.g. 1,2,4', parseList('--workers')))
    .addOption(option('--users <list>', 'users per cell, e.g. 10,20,40', parseList('--users')))
    .addOption(option('--duration <time>', 'how long each cell holds (default 60s)', parseDuration('--duration')))
    .addOption(option('--cooldown <time>', 'pause between cells (default 0)', parseCooldown('--cooldown')))
    .addOption(option('--spawn-rate <r>', 'users started per second (default: all at once)', parseRate('--spawn-rate')))
    .addOption(option('--resume <dir>', 'an interrupted sweep\'s folder: run only the cells not done'))
    .addOption(new Option('--check <checks>', 'SLO checks judged on every cell (repeatable)').argParser((v: string, previous: unknown) => [...(Array.isArray(previous) ? previous : []), v]))
    .addOption(option('--junit <file>', 'JUnit XML, one test case per cell'))
    .addOption(option('--results-dir <dir>', 'where the sweep folder goes (default ./ltop-results)'))
    .addOption(option('--scenario <name>', 'bundled scenario (default jsonplaceholder)'))
    .addOption(option('--locustfile <path>', 'your own locustfile'))
    .addOption(option('--host <url>', 'the target (default: the bundled demo target)'))
    .addOption(option('--demo-latency-ms <ms>', 'demo target latency', parseCount('--demo-latency-ms')))
    .addOption(option('--demo-error-rate <ratio>', 'demo target error share', parseRate('--demo-error-rate')))
    .action((flags: MatrixFlags) => setCode(() => matrix(flags, color)));

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
    .addOption(option('--json', 'the estimate as JSON'))
    .action((flags: { varFile?: string; region?: string; hours?: number; json?: boolean }) =>
      setCode(async () => {
        const { runEstimate } = await import('../cost/run-estimate.js');
        return runEstimate(
          { ...(flags.varFile ? { tfvarsPath: flags.varFile } : {}), ...(flags.region ? { region: flags.region } : {}), hours: flags.hours ?? 1, json: flags.json ?? false },
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
