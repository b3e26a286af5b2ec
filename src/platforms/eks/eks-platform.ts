// The eks platform: the Terraform stack (src/terraform via stack.ts) for the infrastructure, the
// SDK (src/aws) for credentials, the cluster's KubeConfig, its status and the orphan check, and
// the kube platform for everything inside the cluster. Composition only.
import { connectEks, type EksSession } from '../../aws/connect.js';
import { checkCredentials, resolveAwsContext, type AwsContext, type CallerIdentity } from '../../aws/context.js';
import { EksInfraPoller, eksInfraFetcher, type EksInfraReading } from '../../aws/eks-poller.js';
import { startEksLogFeed } from '../../aws/logs/eks-log-feed.js';
import { startEksCostFeed } from '../../aws/pricing/eks-cost-feed.js';
import { KubeLink } from '../kube/link.js';
import { startPodLogFeed } from '../kube/log-feed.js';
import { withNodeGroupProgress } from '../kube/node-rows.js';
import { collections, type SharedCollection } from '../kube/watch-hub.js';
import { checkOrphansSettled } from '../../aws/orphans/check.js';
import { orphanReportLines } from '../../aws/orphans/report.js';
import { readTfvars } from '../../cost/tfvars.js';
import { connect as kubeConnect } from '../kube/config.js';
import { createKubePlatform } from '../kube/index.js';
import type { EmitPlatformEvent, InfraLifecycle, InfraProgress, InfraResource, Platform, PlatformEndpoints, ScenarioChoice } from '../platform.js';
import { EksStackMissingError, OrphansLeftError } from './errors.js';
import { deleteLoadBalancerServices } from './load-balancers.js';
import { DEFAULT_EKS_OVERLAY, DEFAULT_STACK_DIR, type EksOptions } from './options.js';
import { step } from './progress.js';
import { eksRows } from './rows.js';
import { EksStack, type StackOutputs } from './stack.js';

/** The stack's default name (terraform/variables.tf `name`), when neither outputs nor tfvars say. */
const DEFAULT_STACK_NAME = 'ltop';
const DEFAULT_NAMESPACE = 'ltop';

interface Attached {
  readonly outputs: StackOutputs;
  readonly session: EksSession;
  readonly kube: Platform;
  readonly poller: EksInfraPoller;
  /** the CloudWatch log feed and the cost meter (src/aws/logs, src/aws/pricing) */
  readonly stopFeeds: () => void;
}

export class EksPlatform implements Platform {
  readonly name = 'eks' as const;
  readonly capabilities = { fileScenarios: false, teardown: true, infra: true, swarmOutlivesDetach: true };
  readonly infra: InfraLifecycle;
  readonly stack: EksStack;
  private known?: StackOutputs;
  private tfvars?: Promise<Record<string, unknown>>;
  private attached?: Attached;
  private kubeRows: readonly InfraResource[] = [];
  private eksRows: readonly InfraResource[] = [];
  /** the node groups' desired sizes against the nodes Kubernetes has (the shared Node watch) */
  private reading?: EksInfraReading;
  private nodeWatch?: SharedCollection;

  constructor(
    private readonly options: EksOptions,
    private readonly emit: EmitPlatformEvent,
  ) {
    this.stack = new EksStack(options.stackDir ?? DEFAULT_STACK_DIR, options.varFile, options.env);
    this.infra = {
      provision: (onProgress, signal) => this.provision(onProgress, signal),
      destroy: (onProgress, signal) => this.destroy(onProgress, signal),
      status: () => this.status(),
    };
  }

  /** The cluster name once the stack's outputs were read (start, status, provision); the var file's name before. */
  get confirmName(): string {
    return this.known?.clusterName ?? this.expectedName ?? DEFAULT_STACK_NAME;
  }

  get where(): string {
    const ns = this.options.namespace ?? DEFAULT_NAMESPACE;
    return this.known ? `eks cluster ${this.known.clusterName}${this.known.region ? ` in ${this.known.region}` : ''}, namespace ${ns}` : `eks (stack in ${this.stack.dir})`;
  }

  private expectedName?: string;

  async start(scenario: ScenarioChoice): Promise<PlatformEndpoints> {
    const attached = await this.attach();
    return attached.kube.start(scenario);
  }

  async scaleWorkers(count: number) {
    return (await this.attach()).kube.scaleWorkers(count);
  }

  async switchScenario(scenario: ScenarioChoice): Promise<PlatformEndpoints> {
    return (await this.attach()).kube.switchScenario(scenario);
  }

  async detach(): Promise<void> {
    const attached = this.attached;
    this.attached = undefined;
    if (!attached) return;
    attached.poller.stop();
    attached.stopFeeds();
    this.nodeWatch = undefined;
    await attached.kube.detach();
    attached.session.eks.destroy();
  }

  /** Results are saved by the session before it calls this; progress goes out as platform/infra-progress. */
  async teardown(): Promise<void> {
    await this.destroy((progress) => this.emit({ type: 'platform/infra-progress', progress }));
  }

  private async status(): Promise<{ exists: boolean; summary: string }> {
    const outputs = await this.stack.outputs();
    if (outputs) this.known = outputs;
    if (!outputs) return { exists: false, summary: `no EKS stack in ${this.stack.dir}` };
    return { exists: true, summary: `cluster ${outputs.clusterName}${outputs.region ? ` in ${outputs.region}` : ''} (tag ${outputs.stackTag.key}=${outputs.stackTag.value})` };
  }

  private async provision(onProgress: (progress: InfraProgress) => void, signal?: AbortSignal): Promise<void> {
    const { vars } = await this.credentials('provision', onProgress);
    const outputs = await this.stack.provision({ vars, onProgress, ...(signal ? { signal } : {}) });
    if (outputs) this.known = outputs;
    onProgress(step('provision', 'stack', 'complete', outputs ? `stack ready: cluster ${outputs.clusterName}${outputs.region ? ` in ${outputs.region}` : ''}` : 'applied, but the stack has no cluster_name output'));
  }

  private async destroy(onProgress: (progress: InfraProgress) => void, signal?: AbortSignal): Promise<void> {
    if (this.options.readonly) throw new Error('read-only: destroy is not allowed');
    const { aws, vars } = await this.credentials('destroy', onProgress);
    const outputs = await this.stack.outputs();
    if (outputs) {
      this.known = outputs;
      await this.clearCluster(onProgress, signal);
    } else {
      onProgress(step('destroy', 'kubernetes', 'progress', `no cluster in the stack's outputs: nothing to delete in Kubernetes`));
    }
    await this.detach();
    await this.stack.destroy({ vars, onProgress, ...(signal ? { signal } : {}) });
    const stack = outputs?.stackTag.value ?? this.expectedName ?? DEFAULT_STACK_NAME;
    onProgress(step('destroy', 'orphan-check', 'started', `looking for anything left tagged ${outputs?.stackTag.key ?? 'ltop-stack'}=${stack} in ${aws.region}`));
    const report = await checkOrphansSettled(aws, {
      stack,
      clusterName: outputs?.clusterName ?? stack,
      ...(this.options.orphanSettleMs !== undefined ? { timeoutMs: this.options.orphanSettleMs, intervalMs: Math.max(1000, this.options.orphanSettleMs / 10) } : {}),
      ...(signal ? { signal } : {}),
    });
    const lines = orphanReportLines(report);
    for (const line of lines) onProgress(step('destroy', 'orphan-check', report.clean ? 'complete' : 'errored', line));
    this.known = undefined;
    if (!report.clean) throw new OrphansLeftError(lines);
  }

  /** LoadBalancer Services first (their NLBs block the VPC's deletion), then ltop's objects. */
  private async clearCluster(onProgress: (progress: InfraProgress) => void, signal?: AbortSignal): Promise<void> {
    const log = (line: string): void => onProgress(step('destroy', 'kubernetes', 'progress', line));
    let attached: Attached;
    try {
      attached = await this.attach();
    } catch (error) {
      // a cluster already half gone must not block the destroy; the orphan check finds what the Services left
      onProgress(step('destroy', 'kubernetes', 'errored', `cannot reach the cluster (${(error as Error).message}): LoadBalancer Services not deleted; the orphan check after the destroy lists their load balancers`));
      return;
    }
    const conn = kubeConnect({ kubeConfig: attached.session.connection.kc, namespace: this.namespace() });
    await deleteLoadBalancerServices(conn, log, { timeoutMs: this.options.loadBalancerWaitMs ?? 300_000, ...(signal ? { signal } : {}) });
    log(`deleting ltop's objects in ${conn.where}`);
    await attached.kube.teardown();
    onProgress(step('destroy', 'kubernetes', 'complete', `ltop's objects deleted from ${conn.where}`));
  }

  private namespace(): string {
    return this.options.namespace ?? DEFAULT_NAMESPACE;
  }

  private readTfvars(): Promise<Record<string, unknown>> {
    this.tfvars ??= this.options.varFile ? readTfvars(this.options.varFile) : Promise.resolve({});
    return this.tfvars;
  }

  /**
   * Proves the AWS credentials before Terraform runs (a missing login is one line, not a provider
   * stack trace) and derives what the var file leaves out: the region resolved like every AWS
   * call, and the owner tag from the caller's identity.
   */
  private async credentials(operation: InfraProgress['operation'], onProgress: (progress: InfraProgress) => void): Promise<{ aws: AwsContext; identity: CallerIdentity; vars: Record<string, unknown> }> {
    const tfvars = await this.readTfvars();
    if (typeof tfvars['name'] === 'string') this.expectedName = tfvars['name'];
    onProgress(step(operation, 'aws', 'started', 'checking the AWS credentials'));
    const aws = await resolveAwsContext({
      ...(this.options.region ? { region: this.options.region } : {}),
      ...(this.options.profile ? { profile: this.options.profile } : {}),
      ...(typeof tfvars['region'] === 'string' ? { tfvarsRegion: tfvars['region'] } : {}),
    });
    const identity = await checkCredentials(aws);
    onProgress(step(operation, 'aws', 'complete', `${identity.arn} in ${aws.region} (region from ${aws.regionSource})`));
    const vars: Record<string, unknown> = { region: aws.region };
    if (typeof tfvars['owner'] !== 'string') vars['owner'] = identity.arn;
    return { aws, identity, vars };
  }

  /** Read the stack's outputs, connect to its cluster and hand over to the kube platform (once). */
  private async attach(): Promise<Attached> {
    if (this.attached) return this.attached;
    const outputs = await this.stack.outputs();
    if (!outputs) {
      const error = new EksStackMissingError(this.stack.dir);
      this.emit({ type: 'platform/notice', level: 'error', message: error.message });
      throw error;
    }
    this.known = outputs;
    const connect = this.options.connect ?? connectEks;
    const region = this.options.region ?? outputs.region;
    const session = await connect({ clusterName: outputs.clusterName, namespace: this.namespace(), ...(region ? { region } : {}), ...(this.options.profile ? { profile: this.options.profile } : {}) });
    // the session's connection and WatchHub (or one of our own): the panel compares the node groups with its nodes
    const link = this.options.kube?.link ?? new KubeLink();
    const kube = createKubePlatform(
      {
        kubeConfig: session.connection.kc,
        namespace: this.namespace(),
        overlayDir: this.options.overlayDir ?? DEFAULT_EKS_OVERLAY,
        ...(this.options.expectedWorkers !== undefined ? { expectedWorkers: this.options.expectedWorkers } : {}),
        ...(this.options.readonly ? { readonly: true } : {}),
        // logs come from CloudWatch and the cost from what AWS runs (below), not from the nodes' labels
        podLogs: false,
        cost: false,
        ...this.options.kube,
        link,
      },
      (event) => {
        // the panel shows one list: the cluster and node groups above the kube rows
        if (event.type !== 'platform/resources') return this.emit(event);
        this.kubeRows = event.resources;
        this.emitResources();
      },
    );
    const poller = new EksInfraPoller({
      fetch: eksInfraFetcher(session.eks, outputs.clusterName),
      onReading: (reading) => {
        this.reading = reading;
        this.eksRows = eksRows(reading, new Date());
        this.emitResources();
      },
      ...(this.options.pollIntervalMs !== undefined ? { intervalMs: this.options.pollIntervalMs } : {}),
      what: `EKS cluster ${outputs.clusterName}`,
      ...(session.aws.profile ? { profile: session.aws.profile } : {}),
    });
    poller.start();
    const stopLogs = this.options.logs === false ? () => undefined : startEksLogFeed({ aws: session.aws, cluster: outputs.clusterName, namespace: this.namespace(), ...(outputs.logGroupNames?.['application'] ? { logGroupName: outputs.logGroupNames['application'] } : {}), ...this.options.logs, fallback: () => startPodLogFeed(kubeConnect({ kubeConfig: session.connection.kc, namespace: this.namespace() }), this.emit) }, this.emit);
    const cost = this.options.cost === false ? undefined : startEksCostFeed({ aws: session.aws, eks: session.eks, cluster: outputs.clusterName, stackTag: outputs.stackTag, ...this.options.cost }, this.emit);
    void link.ready.then(({ hub }) => (this.nodeWatch = hub.collection(collections.nodes())));
    const stopFeeds = (): void => (stopLogs(), void cost?.then((ticker) => ticker?.stop()), this.options.kube?.link ? undefined : link.stop());
    this.attached = { outputs, session, kube, poller, stopFeeds };
    return this.attached;
  }

  private emitResources(): void {
    const groups = this.reading?.model?.nodeGroups ?? [];
    this.emit({ type: 'platform/resources', resources: [...withNodeGroupProgress(this.eksRows, groups, this.nodeWatch?.items() ?? [], Date.now()), ...this.kubeRows] });
  }
}

export function createEksPlatform(options: EksOptions, emit: EmitPlatformEvent): EksPlatform {
  return new EksPlatform(options, emit);
}
