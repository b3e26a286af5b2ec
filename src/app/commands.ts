// The commands that answer from results, logs and prices rather than run the cockpit:
// history, compare, matrix, logs, estimate. Each parses its flags here and calls its core.
import { Command, Option } from 'commander';
import { parseCount, parseDuration, parseRate, UsageError } from '../cli/parse.js';

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

export function addAnswerCommands(root: Command, setCode: SetCode, color: boolean): void {
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
        const { processOutput } = await import('../cli/commands/output.js');
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
        const { processOutput } = await import('../cli/commands/output.js');
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
