// --target-deployment NAME (repeatable) / --target-selector LABELS / --target-namespace NS, as
// given on the command line or in the config file, checked once into a TargetSelection.
// A bad value throws TargetOptionError (the CLI's usage error: one line, exit 2).

import type { TargetSelection } from './model.js';

export class TargetOptionError extends Error {}

const DNS_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// key[=|==|!=]value, key, !key, key in (a,b), key notin (a,b): what the API server accepts
const REQUIREMENT = /^\s*(!?[A-Za-z0-9][-A-Za-z0-9_./]*)\s*(?:(=|==|!=)\s*[A-Za-z0-9._-]*|\s+(?:in|notin)\s+\([^()]*\))?\s*$/;

export interface TargetOptionsInput {
  /** one or many (repeatable flag, or a YAML list / comma-separated string in the config) */
  readonly deployments?: string | readonly string[];
  readonly selector?: string;
  readonly namespace?: string;
}

/** undefined when no target was named (the target panel then stays off on kube). */
export function parseTargetOptions(input: TargetOptionsInput, defaultNamespace: string): TargetSelection | undefined {
  const raw = input.deployments === undefined ? [] : typeof input.deployments === 'string' ? [input.deployments] : [...input.deployments];
  const deployments = [...new Set(raw.flatMap((d) => d.split(',')).map((d) => d.trim()).filter(Boolean))];
  for (const d of deployments) {
    if (d.length > 253 || !DNS_1123.test(d)) throw new TargetOptionError(`--target-deployment "${d}" is not a Deployment name (lower-case letters, digits and "-")`);
  }
  const selector = input.selector?.trim();
  if (selector !== undefined && selector !== '') {
    if (deployments.length) throw new TargetOptionError('use --target-deployment or --target-selector, not both');
    for (const part of selector.split(/,(?![^(]*\))/)) {
      if (!REQUIREMENT.test(part)) throw new TargetOptionError(`--target-selector "${selector}": "${part.trim()}" is not a label selector requirement (e.g. app=web,tier!=db)`);
    }
  }
  const namespace = input.namespace?.trim() || defaultNamespace;
  if (!DNS_1123.test(namespace) || namespace.length > 63) throw new TargetOptionError(`--target-namespace "${namespace}" is not a namespace name`);
  if (!deployments.length && !selector) return undefined;
  return { namespace, deployments, ...(selector ? { selector } : {}) };
}

/**
 * Flags that would be ignored where they were given are a usage error, not silence: the user
 * would believe a Deployment, an in-cluster Prometheus or N demo processes were followed.
 */
export function checkTargetFlagsFit(given: { platform: string; target: TargetOptionsInput; prometheusService?: boolean; demoReplicas?: boolean; host?: boolean }): void {
  if (given.platform === 'local') {
    if (given.target.deployments !== undefined) throw new TargetOptionError('--target-deployment needs --platform kube or eks (on local the target is the demo target; scale it with --demo-replicas)');
    if (given.target.selector !== undefined) throw new TargetOptionError('--target-selector needs --platform kube or eks (on local the target is the demo target)');
    if (given.prometheusService) throw new TargetOptionError('--prometheus-service needs --platform kube or eks (here use --prometheus URL)');
  }
  if (given.demoReplicas && given.host) throw new TargetOptionError('--demo-replicas sets the demo target ltop starts; with --host ltop starts none (drop one of them)');
}
