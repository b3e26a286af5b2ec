// Every flag once: its syntax, parser, default and help. Commander registers them from this
// table and --config files are parsed with the same parsers, so both take the same values.
import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../paths.js';
import type { PlatformName, ScenarioChoice } from '../domain/platform-vocabulary.js';
import { listScenarios, requireScenario, UnknownScenarioError } from '../scenarios.js';
import type { Check } from '../checks/check.js';
import { needsBaseline, parseChecks } from '../checks/parse.js';
import { readConfigFile } from './config-file.js';
import { parseApiCidr } from '../platforms/eks/public-access.js';
import { parsePrometheusOptions, PrometheusOptionError, type PrometheusSettings } from '../prometheus/options.js';
import { checkTargetFlagsFit, parseTargetOptions, TargetOptionError, type TargetOptionsInput } from '../target/options.js';
import { parseChoice, parseCount, parseDuration, parseRate, parseUrl, parseUsers, UsageError } from './parse.js';

interface Spec<T> {
  readonly flags: string;
  readonly help: string;
  readonly parse?: (value: string) => T;
  /** may be given several times: the values are collected in a list */
  readonly repeatable?: boolean;
}

const PLATFORMS: readonly PlatformName[] = ['local', 'kube', 'eks'];

function parseApiCidrFlag(value: string): string {
  try {
    return parseApiCidr(value);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export const COMMON = {
  platform: { flags: '--platform <name>', help: 'where the swarm runs: local (default), kube, eks', parse: parseChoice('--platform', PLATFORMS) },
  scenario: { flags: '--scenario <name>', help: 'bundled scenario (scenarios/NAME.py); default jsonplaceholder' },
  locustfile: { flags: '--locustfile <path>', help: 'run your own locustfile instead of a bundled scenario' },
  host: { flags: '--host <url>', help: 'target base URL; without it the bundled demo target starts (local)', parse: parseUrl('--host') },
  workers: { flags: '--workers <n>', help: 'worker processes/pods to start (default 2)', parse: parseCount('--workers', 1) },
  users: { flags: '--users <n>', help: 'users to swarm (default 10)', parse: parseUsers('--users') },
  spawnRate: { flags: '--spawn-rate <r>', help: 'users started per second (default: same as --users)', parse: parseRate('--spawn-rate') },
  resultsDir: { flags: '--results-dir <dir>', help: 'where results go (default ./ltop-results)' },
  config: { flags: '--config <file>', help: 'YAML file of flag values (long names as keys); flags win' },
  context: { flags: '--context <name>', help: 'kube: kubeconfig context, as in kubectl' },
  namespace: { flags: '--namespace <name>', help: 'kube: namespace, as in kubectl (default: the context\'s, else ltop)' },
  kubeconfig: { flags: '--kubeconfig <file>', help: 'kube: kubeconfig file, as in kubectl (default $KUBECONFIG or ~/.kube/config)' },
  overlay: { flags: '--overlay <dir>', help: 'kube/eks: kustomize overlay to deploy (default k8s/overlays/local, eks: k8s/overlays/eks)' },
  region: { flags: '--region <name>', help: 'eks: AWS region (default: the var file\'s, else AWS_REGION or the profile\'s)' },
  profile: { flags: '--profile <name>', help: 'eks: AWS profile (default AWS_PROFILE, else the SDK\'s default chain)' },
  varFile: { flags: '--var-file <file>', help: 'eks: the stack\'s tfvars (region, owner, endpoint_public_access_cidrs…)' },
  apiCidr: { flags: '--api-cidr <cidr>', help: 'eks: who may reach the EKS API endpoint (repeatable; default: the var file\'s, else your public IP/32 from $LTOP_MY_IP_URL or checkip.amazonaws.com)', parse: parseApiCidrFlag, repeatable: true },
  budget: { flags: '--budget <usd>', help: 'kube on AWS nodes, eks: warn at 80 % of this many dollars spent; at 100 % ask to stop and tear down (headless: save, exit 1)', parse: (value: string) => {
    const parsed = Number(value.trim().replace(/^\$/, ''));
    if (!/^\$?\d+(\.\d+)?$/.test(value.trim()) || !(parsed > 0)) throw new UsageError(`--budget must be a positive amount of US dollars, e.g. 5 or 12.50 (got "${value}")`);
    return parsed;
  } },
  demoLatencyMs: { flags: '--demo-latency-ms <ms>', help: 'local demo target: added latency per request', parse: parseCount('--demo-latency-ms') },
  demoErrorRate: { flags: '--demo-error-rate <ratio>', help: 'local demo target: share of requests answered 500 (0-1)', parse: (value: string) => {
    const parsed = Number(value.trim());
    if (!/^\d+(\.\d+)?$/.test(value.trim()) || parsed > 1) throw new UsageError(`--demo-error-rate must be between 0 and 1 (got "${value}")`);
    return parsed;
  } },
  demoReplicas: { flags: '--demo-replicas <n>', help: 'local demo target: serving processes (its replicas in the Target tab, 1-64; default 1)', parse: (value: string) => {
    const replicas = Number(value.trim());
    if (!/^\d+$/.test(value.trim()) || replicas < 1 || replicas > 64) throw new UsageError(`--demo-replicas must be a whole number from 1 to 64 (got "${value}")`);
    return replicas;
  } },
  // the system under test (issue 14): checked by parseTargetOptions / parsePrometheusOptions below
  targetDeployment: { flags: '--target-deployment <name>', help: 'kube: a Deployment of the system under test, shown in the Target tab (repeatable)', repeatable: true },
  targetNamespace: { flags: '--target-namespace <ns>', help: "kube: the target's namespace (default: the context's)" },
  targetSelector: { flags: '--target-selector <labels>', help: 'kube: the target Deployments by label selector, e.g. app=web' },
  prometheus: { flags: '--prometheus <url>', help: "Prometheus base URL: the application's own request rate beside Locust's" },
  prometheusService: { flags: '--prometheus-service <ns/name:port>', help: 'kube: an in-cluster Prometheus through the API server proxy' },
  prometheusToken: { flags: '--prometheus-token <token>', help: 'bearer token for --prometheus (default $LTOP_PROMETHEUS_TOKEN)' },
  prometheusQuery: { flags: '--prometheus-query <promql>', help: 'PromQL for the server-side request rate (default sum(rate(http_requests_total[1m])))' },
  prometheusLatencyQuery: { flags: '--prometheus-latency-query <promql>', help: "PromQL for the server-side latency in ms, e.g. a histogram_quantile(0.95, ...) * 1000" },
  prometheusErrorsQuery: { flags: '--prometheus-errors-query <promql>', help: 'PromQL for the server-side error rate per second' },
} satisfies Record<string, Spec<unknown>>;

export const COCKPIT = {
  readonly: { flags: '--readonly', help: 'no dangerous actions (stop, scale down, switch, reset, destroy)' },
} satisfies Record<string, Spec<unknown>>;

/** ltop up: create without asking (needed when stdin is not a terminal) */
export const UP = {
  yes: { flags: '--yes', help: 'create the stack without asking (required when stdin is not a terminal)' },
} satisfies Record<string, Spec<unknown>>;

export const RUN = {
  headless: { flags: '--headless', help: 'no cockpit: print one line per interval and a summary (the default when stdout is not a terminal)' },
  duration: { flags: '--duration <time>', help: 'how long to run: 30s, 1m, 1h30m (default 1m)', parse: parseDuration('--duration') },
  interval: { flags: '--interval <time>', help: 'seconds between progress lines (default 5s)', parse: parseDuration('--interval') },
  json: { flags: '--json', help: 'print the summary as JSON on stdout (progress lines go to stderr)' },
  check: { flags: '--check <checks>', help: 'SLO gate judged at the end, e.g. "p95<500ms, fail_ratio<1%, rps>100" or "GET /posts: p95<300ms" (repeatable); exit 1 when one fails', repeatable: true },
  checkAbort: { flags: '--check-abort', help: 'stop early once a check can no longer pass (after --check-grace)' },
  checkGrace: { flags: '--check-grace <time>', help: 'how long --check-abort waits after the swarm starts (default 10s)', parse: parseDuration('--check-grace') },
  junit: { flags: '--junit <file>', help: 'write the checks as JUnit XML (one test case per check)' },
  baseline: { flags: '--baseline <path>', help: 'an earlier summary.json or results folder: deltas per endpoint and in total; checks may say p95<baseline*1.1' },
} satisfies Record<string, Spec<unknown>>;

export function addOptions(command: Command, specs: Record<string, Spec<unknown>>): Command {
  for (const spec of Object.values(specs)) {
    const option = new Option(spec.flags, spec.help);
    if (spec.repeatable) option.argParser((value: string, previous: unknown) => [...(Array.isArray(previous) ? previous : []), spec.parse ? spec.parse(value) : value]);
    else if (spec.parse) option.argParser((value: string) => spec.parse!(value));
    command.addOption(option);
  }
  return command;
}

export interface ResolvedOptions {
  readonly platform: PlatformName;
  readonly scenario: ScenarioChoice;
  readonly host?: string;
  readonly workers: number;
  readonly users: number;
  readonly spawnRate: number;
  readonly resultsDir: string;
  readonly readonly: boolean;
  readonly context?: string;
  readonly namespace?: string;
  readonly kubeconfig?: string;
  readonly overlay: string;
  readonly region?: string;
  readonly profile?: string;
  readonly varFile?: string;
  /** --api-cidr, each checked */
  readonly apiCidrs?: readonly string[];
  /** ltop up --yes */
  readonly yes: boolean;
  /** whether --users or --spawn-rate was given (else the cockpit offers the last swarm's values) */
  readonly swarmGiven: boolean;
  /** whether --workers was given (kube otherwise keeps what the cluster runs) */
  readonly workersGiven: boolean;
  readonly demoLatencyMs?: number;
  readonly demoErrorRate?: number;
  readonly demoReplicas?: number;
  readonly headless: boolean;
  readonly duration: number;
  readonly interval: number;
  readonly json: boolean;
  /** --check, parsed (empty: no gate) */
  readonly checks: readonly Check[];
  readonly checkAbort: boolean;
  readonly checkGraceSeconds: number;
  readonly junitFile?: string;
  /** --baseline: the path as given (loaded when the run starts) */
  readonly baseline?: string;
  /** --target-*: as given (the namespace default is the kube context's, known once connected) */
  readonly target: TargetOptionsInput;
  /** --prometheus*: checked; undefined when not configured */
  readonly prometheus?: PrometheusSettings;
  /** --budget USD (a platform with a cost source only) */
  readonly budget?: number;
}

const DEFAULT_SCENARIO = 'jsonplaceholder';

/** Flags, then the config file, then defaults. Throws UsageError for anything invalid. */
export function resolveOptions(cli: Record<string, unknown>, specs: Record<string, Spec<unknown>>): ResolvedOptions {
  const fromFile = typeof cli['config'] === 'string' ? readConfigFile(cli['config']) : {};
  const known = new Map(Object.entries(specs).map(([key, spec]) => [spec.flags.split(' ')[0]!.slice(2), { key, spec }]));
  const merged: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(fromFile)) {
    const entry = known.get(name) ?? known.get(name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`));
    if (!entry || entry.key === 'config') throw new UsageError(`config ${String(cli['config'])}: unknown setting "${name}"`);
    const spec: Spec<unknown> = entry.spec;
    const value = spec.parse ? spec.parse(raw) : /^(true|false)$/.test(raw) && !spec.flags.includes('<') ? raw === 'true' : raw;
    merged[entry.key] = spec.repeatable ? [value] : value;
  }
  for (const [key, value] of Object.entries(cli)) if (value !== undefined) merged[key] = value;

  const get = <T>(key: string): T | undefined => merged[key] as T | undefined;
  if (get('scenario') !== undefined && get('locustfile') !== undefined) throw new UsageError('--scenario and --locustfile cannot be used together');
  let scenario: ScenarioChoice;
  const locustfile = get<string>('locustfile');
  if (locustfile !== undefined && !existsSync(locustfile)) throw new UsageError(`--locustfile ${locustfile}: no such file`);
  try {
    scenario = locustfile ? { kind: 'file', path: path.resolve(locustfile) } : requireScenario(get<string>('scenario') ?? (listScenarios().includes(DEFAULT_SCENARIO) ? DEFAULT_SCENARIO : listScenarios()[0] ?? DEFAULT_SCENARIO));
  } catch (error) {
    if (error instanceof UnknownScenarioError) throw new UsageError(error.message);
    throw error;
  }
  const users = get<number>('users') ?? 10;
  const given = get<string[]>('check') ?? [];
  const checks = given.length ? parseChecks(given) : [];
  if (needsBaseline(checks) && !get<string>('baseline')) throw new UsageError('a check refers to the baseline: give --baseline PATH');
  if (get<boolean>('checkAbort') && checks.length === 0) throw new UsageError('--check-abort needs at least one --check');
  const platform = get<PlatformName>('platform') ?? 'local';
  const varFile = get<string>('varFile');
  if (varFile !== undefined && !existsSync(varFile)) throw new UsageError(`--var-file ${varFile}: no such file`);
  const target: TargetOptionsInput = {
    ...(get<string[]>('targetDeployment') ? { deployments: get<string[]>('targetDeployment')! } : {}),
    ...(get<string>('targetSelector') !== undefined ? { selector: get<string>('targetSelector')! } : {}),
    ...(get<string>('targetNamespace') !== undefined ? { namespace: get<string>('targetNamespace')! } : {}),
  };
  let prometheus: PrometheusSettings | undefined;
  try {
    // the namespace default is checked as a valid name here; the real one comes from the context
    parseTargetOptions(target, 'default');
    prometheus = parsePrometheusOptions({
      ...(get<string>('prometheus') ? { url: get<string>('prometheus')! } : {}),
      ...(get<string>('prometheusService') ? { service: get<string>('prometheusService')! } : {}),
      ...(get<string>('prometheusToken') ? { token: get<string>('prometheusToken')! } : {}),
      ...(get<string>('prometheusQuery') !== undefined ? { query: get<string>('prometheusQuery')! } : {}),
      ...(get<string>('prometheusLatencyQuery') !== undefined ? { latencyQuery: get<string>('prometheusLatencyQuery')! } : {}),
      ...(get<string>('prometheusErrorsQuery') !== undefined ? { errorsQuery: get<string>('prometheusErrorsQuery')! } : {}),
    });
    checkTargetFlagsFit({ platform, target, ...(get<string>('prometheusService') ? { prometheusService: true } : {}), ...(get<number>('demoReplicas') !== undefined ? { demoReplicas: true } : {}), ...(get<string>('host') ? { host: true } : {}) });
  } catch (error) {
    if (error instanceof TargetOptionError || error instanceof PrometheusOptionError) throw new UsageError(error.message);
    throw error;
  }
  const budget = get<number>('budget');
  if (budget !== undefined && platform === 'local') {
    throw new UsageError('--budget needs a cost source: the local platform costs nothing to meter (use it with --platform kube on AWS nodes, or eks)');
  }
  return {
    ...(budget !== undefined ? { budget } : {}),
    platform,
    scenario,
    ...(get<string>('host') ? { host: get<string>('host') } : {}),
    workers: get<number>('workers') ?? 2,
    workersGiven: get<number>('workers') !== undefined,
    swarmGiven: get<number>('users') !== undefined || get<number>('spawnRate') !== undefined,
    users,
    spawnRate: get<number>('spawnRate') ?? users,
    resultsDir: path.resolve(get<string>('resultsDir') ?? 'ltop-results'),
    readonly: get<boolean>('readonly') ?? false,
    ...(get<string>('context') ? { context: get<string>('context') } : {}),
    ...(get<string>('namespace') ? { namespace: get<string>('namespace') } : {}),
    ...(get<string>('kubeconfig') ? { kubeconfig: path.resolve(get<string>('kubeconfig')!) } : {}),
    overlay: path.resolve(projectRoot, get<string>('overlay') ?? path.join('k8s', 'overlays', platform === 'eks' ? 'eks' : 'local')),
    ...(get<string>('region') ? { region: get<string>('region') } : {}),
    ...(get<string>('profile') ? { profile: get<string>('profile') } : {}),
    ...(varFile ? { varFile: path.resolve(varFile) } : {}),
    ...(get<string[]>('apiCidr')?.length ? { apiCidrs: get<string[]>('apiCidr')! } : {}),
    yes: get<boolean>('yes') ?? false,
    ...(get<number>('demoLatencyMs') !== undefined ? { demoLatencyMs: get<number>('demoLatencyMs') } : {}),
    ...(get<number>('demoErrorRate') !== undefined ? { demoErrorRate: get<number>('demoErrorRate') } : {}),
    ...(get<number>('demoReplicas') !== undefined ? { demoReplicas: get<number>('demoReplicas') } : {}),
    headless: get<boolean>('headless') ?? false,
    duration: get<number>('duration') ?? 60,
    interval: get<number>('interval') ?? 5,
    json: get<boolean>('json') ?? false,
    checks,
    checkAbort: get<boolean>('checkAbort') ?? false,
    checkGraceSeconds: get<number>('checkGrace') ?? 10,
    ...(get<string>('junit') ? { junitFile: path.resolve(get<string>('junit')!) } : {}),
    ...(get<string>('baseline') ? { baseline: path.resolve(get<string>('baseline')!) } : {}),
    target,
    ...(prometheus ? { prometheus } : {}),
  };
}
