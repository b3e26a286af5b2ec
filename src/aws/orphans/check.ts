// The orphan check after `terraform destroy`: everything in the region still tied to the stack,
// with the command that removes it. `clean` only when every lookup answered and found nothing:
// a lookup that failed (access denied, throttled) is a reason to say "unknown", not "clean".

import { stackClients } from '../clients.js';
import type { AwsContext } from '../context.js';
import { credentialsProblem, describeAwsError } from '../errors.js';
import { waitFor } from '../../util/wait.js';
import { findElasticIps, findInstances, findNatGateways, findNetworkInterfaces, findVolumes, findVpcs } from './ec2.js';
import { findEks } from './eks.js';
import { findClassicLoadBalancers, findLoadBalancers } from './elb.js';
import { findEcrRepositories, findLogGroups } from './logs-ecr.js';
import { REMOVAL_ORDER, type Orphan, type StackRef } from './types.js';

export interface OrphanLookupFailure {
  /** what could not be listed: "EC2 instances" */
  readonly what: string;
  readonly error: string;
}

export interface OrphanReport {
  readonly stack: string;
  readonly clusterName: string;
  readonly region: string;
  readonly orphans: readonly Orphan[];
  readonly failures: readonly OrphanLookupFailure[];
  readonly clean: boolean;
  readonly checkedAt: Date;
}

export interface OrphanCheckOptions {
  readonly stack: string;
  /** the EKS cluster name; the stack name when they are the same */
  readonly clusterName?: string;
}

export async function checkOrphans(ctx: AwsContext, opts: OrphanCheckOptions): Promise<OrphanReport> {
  const ref: StackRef = { stack: opts.stack, clusterName: opts.clusterName ?? opts.stack, region: ctx.region };
  const clients = stackClients(ctx.clientConfig);
  const { eks, ec2, elb, classicElb, logs, ecr } = clients;
  const lookups: Array<[string, () => Promise<Orphan[]>]> = [
    ['EKS clusters and node groups', () => findEks(eks, ref)],
    ['EC2 instances', () => findInstances(ec2, ref)],
    ['load balancers', () => findLoadBalancers(elb, ref)],
    ['classic load balancers', () => findClassicLoadBalancers(classicElb, ref)],
    ['EBS volumes', () => findVolumes(ec2, ref)],
    ['NAT gateways', () => findNatGateways(ec2, ref)],
    ['Elastic IPs', () => findElasticIps(ec2, ref)],
    ['network interfaces', () => findNetworkInterfaces(ec2, ref)],
    ['CloudWatch log groups', () => findLogGroups(logs, ref)],
    ['ECR repositories', () => findEcrRepositories(ecr, ref)],
    ['VPCs', () => findVpcs(ec2, ref)],
  ];
  try {
    const settled = await Promise.allSettled(lookups.map(([, run]) => run()));
    const orphans: Orphan[] = [];
    const failures: OrphanLookupFailure[] = [];
    settled.forEach((s, i) => {
      const what = lookups[i]![0];
      if (s.status === 'fulfilled') orphans.push(...s.value);
      else failures.push({ what, error: describeAwsError(`listing ${what}`, s.reason, ctx.profile) });
    });
    // without credentials nothing answered: that is one error with its next step, not nine
    const creds = settled.find((s) => s.status === 'rejected' && credentialsProblem(s.reason));
    if (creds && creds.status === 'rejected') throw credentialsProblem(creds.reason, ctx.profile)!;
    orphans.sort((a, b) => REMOVAL_ORDER.indexOf(a.kind) - REMOVAL_ORDER.indexOf(b.kind) || a.id.localeCompare(b.id));
    return { stack: ref.stack, clusterName: ref.clusterName, region: ref.region, orphans, failures, clean: orphans.length === 0 && failures.length === 0, checkedAt: new Date() };
  } finally {
    clients.destroy();
  }
}

/** Only things already going away are left, and every lookup answered: worth another look. */
export function onlyGoingAway(r: OrphanReport): boolean {
  return r.failures.length === 0 && r.orphans.length > 0 && r.orphans.every((o) => o.transient);
}

export interface SettleOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Right after a destroy some things are still going away (instances shutting down, a cluster
 * deleting): check again while only such things are left, up to a bound, then report the last.
 */
export async function settleOrphanCheck(check: () => Promise<OrphanReport>, opts: SettleOptions = {}): Promise<OrphanReport> {
  let last = await check();
  if (!onlyGoingAway(last)) return last;
  try {
    await waitFor(
      async () => {
        last = await check();
        return !onlyGoingAway(last);
      },
      { timeoutMs: opts.timeoutMs ?? 300_000, intervalMs: opts.intervalMs ?? 15_000, what: 'resources still going away', signal: opts.signal },
    );
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    // timed out: `last` says what is still there
  }
  return last;
}

export function checkOrphansSettled(ctx: AwsContext, opts: OrphanCheckOptions & SettleOptions): Promise<OrphanReport> {
  return settleOrphanCheck(() => checkOrphans(ctx, opts), opts);
}
