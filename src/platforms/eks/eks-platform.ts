// The eks platform: the Terraform stack (src/terraform via stack.ts) for the infrastructure, the
// SDK (src/aws) for credentials, the cluster's KubeConfig, its status and the orphan check, and
// the kube platform for everything inside the cluster. Composition only.
import { existsSync } from 'node:fs';
import path from 'node:path';
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
import { EC2Client } from '@aws-sdk/client-ec2';
import { requireInstanceTypes } from '../../aws/instance-types.js';
import { FALLBACK_DEFAULTS, readTfvars, variableDefaults } from '../../cost/tfvars.js';
import { connect as kubeConnect } from '../kube/config.js';
import { createKubePlatform } from '../kube/index.js';
import type { EmitPlatformEvent, InfraLifecycle, InfraProgress, InfraResource, Platform, PlatformEndpoints, ScenarioChoice } from '../platform.js';
import { EksStackMissingError, OrphansLeftError } from './errors.js';
import { deleteLoadBalancerServices } from './load-balancers.js';
import { isUnreachable, unreachableCause } from './unreachable.js';
import { DEFAULT_EKS_OVERLAY, DEFAULT_STACK_DIR, type EksOptions } from './options.js';
import { step } from './progress.js';
import { RunTracker } from './run-view.js';
import { forgetPushedImage, overlayFor } from './image-overlay.js';
import { givenPublicAccess, publicAccessLine, resolvePublicAccess, type PublicAccess } from './public-access.js';
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

/**
 * An EKS API that cannot be reached is most often an allow-list the caller's IP has left (a new
 * Wi-Fi, a VPN, a bastion), or a cluster that is gone: not a kubeconfig context, which ltop
 * writes itself from the stack's outputs.
 */
export function eksUnreachableAdvice(clusterName: string, region: string | undefined): string {
  const where = region ? ` --region ${region}` : '';
  return `If your IP changed, it may have left the API's allow-list: re-apply it with ltop up --api-cidr <your IP>/32, and see what the endpoint allows with aws eks describe-cluster --name ${clusterName}${where} --query cluster.resourcesVpcConfig.publicAccessCidrs.`;
}

export class EksPlatform implements Platform {
  readonly name = 'eks' as const;
  readonly capabilities = { fileScenarios: false, teardown: true, infra: true, swarmOutlivesDetach: true };
  readonly infra: InfraLifecycle;
  readonly stack: EksStack;
  private known?: StackOutputs;
  private tfvars?: Promise<Record<string, unknown>>;
  private access?: Promise<PublicAccess>;
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
      terms: async () => {
        const access = await this.publicAccess();
        return { line: publicAccessLine(access), short: `API from ${access.cidrs.length > 2 ? `${access.cidrs.length} CIDRs` : access.cidrs.join(',')}` };
      },
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

  /**
   * What `ltop up` checks before anything else (the estimate, the IP lookup, the question):
   * Terraform on PATH, then the AWS credentials proven with STS. Throws TerraformNotFoundError or
   * AwsCredentialsError / AwsRegionError with the next step.
   */
  async preflight(): Promise<void> {
    await this.stack.terraform();
    await this.credentials('provision', () => undefined);
  }

  /** One run with its view attached to every event; the end (done, or the failure with its next step) is an event too. */
  private async tracked(operation: 'provision' | 'destroy', send: (progress: InfraProgress) => void, run: (tracker: RunTracker) => Promise<void>): Promise<void> {
    const tracker = new RunTracker(operation, send);
    // each run reads the var file again: "fix the var file, then press R" must see the fix
    this.tfvars = undefined;
    try {
      await run(tracker);
      tracker.succeed();
    } catch (error) {
      tracker.fail(error);
      throw error;
    }
  }

  private provision(send: (progress: InfraProgress) => void, signal?: AbortSignal): Promise<void> {
    return this.tracked('provision', send, (tracker) => this.provisionRun(tracker, signal));
  }

  private async provisionRun({ onProgress, onTerraform }: RunTracker, signal?: AbortSignal): Promise<void> {
    const { aws, vars } = await this.credentials('provision', onProgress);
    await this.checkInstanceTypes(aws, onProgress, signal);
    const access = await this.publicAccess(signal);
    if (access.derived) vars['endpoint_public_access_cidrs'] = access.cidrs;
    onProgress(step('provision', 'access', 'complete', publicAccessLine(access)));
    const outputs = await this.stack.provision({ vars, onProgress, onTerraform, ...(signal ? { signal } : {}) });
    if (outputs) this.known = outputs;
    onProgress(step('provision', 'stack', 'complete', outputs ? `stack ready: cluster ${outputs.clusterName}${outputs.region ? ` in ${outputs.region}` : ''}` : 'applied, but the stack has no cluster_name output'));
  }

  private destroy(send: (progress: InfraProgress) => void, signal?: AbortSignal): Promise<void> {
    if (this.options.readonly) return Promise.reject(new Error('read-only: destroy is not allowed'));
    return this.tracked('destroy', send, (tracker) => this.destroyRun(tracker, signal));
  }

  private async destroyRun({ onProgress, onTerraform }: RunTracker, signal?: AbortSignal): Promise<void> {
    const { aws, vars } = await this.credentials('destroy', onProgress);
    // Terraform asks for every required variable even to destroy, and uses none of this one's
    // value then: a documentation address (TEST-NET-1) spares a what-is-my-IP lookup that could
    // fail and keep the stack billing. What the user gave still wins.
    const given = givenPublicAccess(this.accessInput(await this.readTfvars()));
    if (given?.derived) vars['endpoint_public_access_cidrs'] = given.cidrs;
    else if (!given) vars['endpoint_public_access_cidrs'] = ['192.0.2.1/32'];
    const outputs = await this.stack.outputs();
    if (outputs) {
      this.known = outputs;
      await this.clearCluster(onProgress, signal);
    } else {
      onProgress(step('destroy', 'kubernetes', 'progress', `no cluster in the stack's outputs: nothing to delete in Kubernetes`));
    }
    await this.detach();
    await this.stack.destroy({ vars, onProgress, onTerraform, ...(signal ? { signal } : {}) });
    // the ECR repository went with the stack, and its images with it
    forgetPushedImage(this.stack.dir);
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
    // a cluster already half gone, or an API the caller can no longer reach, must not block the
    // destroy (and keep the stack billing); the orphan check finds what the Services left
    const skip = (error: unknown): void =>
      onProgress(step('destroy', 'kubernetes', 'errored', `cannot reach the cluster (${unreachableCause(error)}): LoadBalancer Services not deleted; the orphan check after the destroy lists their load balancers`));
    let attached: Attached;
    try {
      attached = await this.attach({ feeds: false });
    } catch (error) {
      skip(error);
      return;
    }
    const conn = kubeConnect({ kubeConfig: attached.session.connection.kc, namespace: this.namespace() });
    try {
      await deleteLoadBalancerServices(conn, log, { timeoutMs: this.options.loadBalancerWaitMs ?? 300_000, ...(signal ? { signal } : {}) });
      log(`deleting ltop's objects in ${conn.where}`);
      await attached.kube.teardown();
    } catch (error) {
      if (!isUnreachable(error, signal)) throw error;
      skip(error);
      return;
    }
    onProgress(step('destroy', 'kubernetes', 'complete', `ltop's objects deleted from ${conn.where}`));
  }

  private namespace(): string {
    return this.options.namespace ?? DEFAULT_NAMESPACE;
  }

  private readTfvars(): Promise<Record<string, unknown>> {
    // Terraform loads the stack's own terraform.tfvars too, under the var file
    const own = path.join(this.stack.dir, 'terraform.tfvars');
    this.tfvars ??= Promise.all([existsSync(own) ? readTfvars(own) : {}, this.options.varFile ? readTfvars(this.options.varFile) : {}]).then(([stack, file]) => {
      const vars: Record<string, unknown> = { ...stack, ...file };
      if (typeof vars['name'] === 'string') this.expectedName = vars['name'];
      return vars;
    });
    // a var file that failed to read is read again on a retry, after the fix
    this.tfvars.catch(() => (this.tfvars = undefined));
    return this.tfvars;
  }

  /** The node group's (and the bastion's) instance types, offered in the region, before Terraform creates anything. */
  private async checkInstanceTypes(aws: AwsContext, onProgress: (progress: InfraProgress) => void, signal?: AbortSignal): Promise<void> {
    const tfvars = await this.readTfvars();
    const variablesTf = path.join(this.stack.dir, 'variables.tf');
    const values = { ...FALLBACK_DEFAULTS, ...(existsSync(variablesTf) ? await variableDefaults(variablesTf) : {}), ...tfvars } as Record<string, unknown>;
    const nodes = Array.isArray(values['node_instance_types']) ? (values['node_instance_types'] as unknown[]).filter((t): t is string => typeof t === 'string') : [];
    const ec2 = new EC2Client(aws.clientConfig);
    try {
      await requireInstanceTypes(ec2, aws.region, nodes, 'node_instance_types', signal);
      if (values['enable_bastion'] === true && typeof values['bastion_instance_type'] === 'string') await requireInstanceTypes(ec2, aws.region, [values['bastion_instance_type']], 'bastion_instance_type', signal);
    } finally {
      ec2.destroy();
    }
    onProgress(step('provision', 'aws', 'complete', `instance types offered in ${aws.region}: ${nodes.join(', ')}`));
  }

  private accessInput(tfvars: Readonly<Record<string, unknown>>): { tfvars: Readonly<Record<string, unknown>>; env: NodeJS.ProcessEnv; flagCidrs?: readonly string[] } {
    return { tfvars, env: this.options.env ?? process.env, ...(this.options.apiCidrs ? { flagCidrs: this.options.apiCidrs } : {}) };
  }

  /** The API allow-list, looked up once (the apply uses what the question showed); a failed lookup is forgotten, so a retry asks again. */
  private async publicAccess(signal?: AbortSignal): Promise<PublicAccess> {
    const input = this.accessInput(await this.readTfvars());
    this.access ??= resolvePublicAccess({ ...input, ...(signal ? { signal } : {}) });
    this.access.catch(() => (this.access = undefined));
    return this.access;
  }

  /**
   * Proves the AWS credentials before Terraform runs (a missing login is one line, not a provider
   * stack trace) and derives what the var file leaves out: the region resolved like every AWS
   * call, and the owner tag from the caller's identity.
   */
  private async credentials(operation: InfraProgress['operation'], onProgress: (progress: InfraProgress) => void): Promise<{ aws: AwsContext; identity: CallerIdentity; vars: Record<string, unknown> }> {
    const tfvars = await this.readTfvars();
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
  private async attach({ feeds = true }: { readonly feeds?: boolean } = {}): Promise<Attached> {
    if (this.attached) return this.attached;
    const outputs = await this.stack.outputs();
    if (!outputs) {
      // the name a destroy or the deploy question uses, before any outputs exist
      await this.readTfvars().catch(() => undefined);
      const error = new EksStackMissingError(this.stack.dir);
      this.emit({ type: 'platform/notice', level: 'error', message: error.message });
      throw error;
    }
    this.known = outputs;
    const connect = this.options.connect ?? connectEks;
    const region = this.options.region ?? outputs.region;
    const session = await connect({ clusterName: outputs.clusterName, namespace: this.namespace(), ...(region ? { region } : {}), ...(this.options.profile ? { profile: this.options.profile } : {}) });
    // after `ltop image push`, the pushed image; else the official Locust image of the overlay
    const overlay = overlayFor(this.stack.dir, this.options.overlayDir ?? DEFAULT_EKS_OVERLAY);
    if (overlay.image) this.emit({ type: 'platform/notice', level: 'info', message: `runtime image ${overlay.image} (pushed with ltop image push)` });
    // the session's connection and WatchHub (or one of our own): the panel compares the node groups with its nodes
    const link = this.options.kube?.link ?? new KubeLink();
    const kube = createKubePlatform(
      {
        kubeConfig: session.connection.kc,
        namespace: this.namespace(),
        overlayDir: overlay.dir,
        ...(this.options.expectedWorkers !== undefined ? { expectedWorkers: this.options.expectedWorkers } : {}),
        ...(this.options.readonly ? { readonly: true } : {}),
        // logs come from CloudWatch and the cost from what AWS runs (below), not from the nodes' labels
        podLogs: false,
        cost: false,
        unreachableAdvice: eksUnreachableAdvice(outputs.clusterName, region),
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
    // a destroy only clears Kubernetes: no polling, no CloudWatch log feed, no cost meter
    if (feeds) poller.start();
    const stopLogs = this.options.logs === false || !feeds ? () => undefined : startEksLogFeed({ aws: session.aws, cluster: outputs.clusterName, namespace: this.namespace(), ...(outputs.logGroupNames?.['application'] ? { logGroupName: outputs.logGroupNames['application'] } : {}), ...this.options.logs, fallback: () => startPodLogFeed(kubeConnect({ kubeConfig: session.connection.kc, namespace: this.namespace() }), this.emit) }, this.emit);
    const cost = this.options.cost === false || !feeds ? undefined : startEksCostFeed({ aws: session.aws, eks: session.eks, cluster: outputs.clusterName, stackTag: outputs.stackTag, ...this.options.cost }, this.emit);
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
