// ltop's command line: parses flags into one command and runs it. Usage errors exit 2.
import { Command, CommanderError } from 'commander';
import { COCKPIT, COMMON, RUN, UP, addOptions, resolveOptions, type ResolvedOptions } from '../cli/options.js';
import { UsageError } from '../cli/parse.js';
import { listScenarios } from '../scenarios.js';
import { addAnswerCommands } from './commands.js';

// Ink and chalk read colour support when they load: NO_COLOR must become FORCE_COLOR=0 first.
const color = !('NO_COLOR' in process.env) || process.env['NO_COLOR'] === '';
if (!color) process.env['FORCE_COLOR'] = '0';

/** A results folder that cannot be written is bad input, found before anything starts. */
async function checkResultsDir(options: ResolvedOptions): Promise<void> {
  const { checkResultsRoot } = await import('../report/results.js');
  try {
    await checkResultsRoot(options.resultsDir);
  } catch (error) {
    throw new UsageError(`--results-dir ${options.resultsDir}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function headless(options: ResolvedOptions): Promise<number> {
  await checkResultsDir(options);
  const { runHeadless } = await import('./headless.js');
  const toStderr = (line: string): void => void process.stderr.write(`${line}\n`);
  // after a closed pipe (`| head`) stdout is destroyed: what it would have shown is dropped
  const toStdout = (text: string): void => void (process.stdout.destroyed || process.stdout.write(`${text}\n`));
  return runHeadless(options, {
    progress: options.json ? toStderr : toStdout,
    result: toStdout,
    error: toStderr,
  });
}

async function cockpit(options: ResolvedOptions, timed = false): Promise<number> {
  if (process.stdout.isTTY !== true) return headless(options);
  await checkResultsDir(options);
  const { runCockpit } = await import('./cockpit.js');
  return runCockpit(options, color, { timed });
}

const ROOT_SPECS = { ...COMMON, ...COCKPIT, ...RUN };

/**
 * Flags typed before the command (`ltop --results-dir X run`) belong to the root command under
 * positional options; users mean them for the command, so they are carried over, and a flag the
 * command does not take is a usage error rather than silently dropped.
 */
function withRootFlags(flags: Record<string, unknown>, command: Command, specs: Record<string, { flags: string }>): Record<string, unknown> {
  let root = command;
  while (root.parent) root = root.parent;
  const merged = { ...flags };
  for (const [key, value] of Object.entries(root.opts())) {
    if (value === undefined || merged[key] !== undefined) continue;
    if (!(key in specs)) {
      const flag = (ROOT_SPECS as Record<string, { flags: string } | undefined>)[key]?.flags.split(' ')[0] ?? key;
      throw new UsageError(`${flag} does not apply to ltop ${command.name()}`);
    }
    merged[key] = value;
  }
  return merged;
}

function program(setCode: (run: () => Promise<number>) => void): Command {
  const root = new Command('ltop')
    .description('A terminal cockpit for distributed Locust load tests')
    .version(process.env['npm_package_version'] ?? '0.1.0')
    .exitOverride()
    .enablePositionalOptions()
    // one line, whatever commander adds ("(Did you mean --region?)" comes on a line of its own)
    .configureOutput({ outputError: (text, write) => write(`ltop: ${text.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')}\n`) })
    .showSuggestionAfterError(true);
  addOptions(addOptions(addOptions(root, COMMON), COCKPIT), RUN)
    .action((flags: Record<string, unknown>) => setCode(() => cockpit(resolveOptions(flags, { ...COMMON, ...COCKPIT, ...RUN }))));

  addOptions(addOptions(root.command('run').description('run one test and exit (headless with --headless or without a terminal)').exitOverride(), COMMON), RUN).action(
    (flags: Record<string, unknown>, command: Command) =>
      setCode(() => {
        const options = resolveOptions(withRootFlags(flags, command, { ...COMMON, ...RUN }), { ...COMMON, ...RUN });
        return options.headless || process.stdout.isTTY !== true ? headless(options) : cockpit(options, true);
      }),
  );

  addOptions(root.command('doctor').description('check what the platform needs (kube: context, namespace, master, workers, web API, ZeroMQ)').exitOverride(), COMMON).action(
    (flags: Record<string, unknown>, command: Command) =>
      setCode(async () => {
        const { runDoctor } = await import('../doctor.js');
        const result = await runDoctor(resolveOptions(withRootFlags(flags, command, COMMON), COMMON));
        process.stdout.write(`${result.text}\n`);
        return result.ok ? 0 : 1;
      }),
  );

  addAnswerCommands(root, setCode, color);
  for (const [name, description] of [
    ['up', 'eks: show the cost, create the AWS stack (terraform apply) and deploy the swarm into it'],
    ['down', 'eks: delete LoadBalancer Services, destroy the stack (terraform destroy) and check nothing is left'],
  ] as const) {
    addOptions(addOptions(root.command(name).description(description).exitOverride(), COMMON), UP).action((given: Record<string, unknown>, command: Command) =>
      setCode(async () => {
        const flags = withRootFlags(given, command, { ...COMMON, ...UP });
        const options = resolveOptions({ ...flags, platform: flags['platform'] ?? 'eks' }, { ...COMMON, ...UP });
        if (options.platform !== 'eks') throw new UsageError(`ltop ${name} is for --platform eks (local and kube need no infrastructure)`);
        const { eksOptionsFrom } = await import('../platforms/eks/index.js');
        const { processOutput } = await import('../cli/commands/output.js');
        if (name === 'up') return (await import('../cli/commands/up.js')).upCommand({ ...eksOptionsFrom(options), scenario: options.scenario, yes: options.yes }, processOutput);
        return (await import('../cli/commands/down.js')).downCommand({ ...eksOptionsFrom(options), yes: options.yes }, processOutput);
      }),
    );
  }

  const image = root.command('image').description('eks: the runtime image (runtime/Dockerfile)').exitOverride();
  addOptions(image.command('push').description('eks: build runtime/Dockerfile for linux/amd64 with the local Docker, tag it with the git commit, push it to the stack\'s ECR; the next deploy runs it').exitOverride(), COMMON).action((flags: Record<string, unknown>, command: Command) =>
    setCode(async () => {
      const options = resolveOptions({ ...withRootFlags(flags, command, COMMON), platform: 'eks' }, COMMON);
      const [{ imagePushCommand }, { processOutput }] = await Promise.all([import('../platforms/eks/image-command.js'), import('../cli/commands/output.js')]);
      return imagePushCommand({ ...(options.region ? { region: options.region } : {}), ...(options.profile ? { profile: options.profile } : {}), ...(options.varFile ? { varFile: options.varFile } : {}) }, processOutput);
    }),
  );

  root
    .command('scenarios')
    .description('list the bundled scenarios')
    .exitOverride()
    .action(() =>
      setCode(async () => {
        process.stdout.write(`${listScenarios().join('\n')}\n`);
        return 0;
      }),
    );
  return root;
}

export async function main(argv: readonly string[]): Promise<number> {
  let command: (() => Promise<number>) | null = null;
  try {
    program((run) => (command = run)).parse([...argv], { from: 'user' });
    return command ? await (command as () => Promise<number>)() : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with code 0
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`ltop: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`ltop: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

