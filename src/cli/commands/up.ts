// `ltop up --platform eks`: the cost of the stack about to be created, a confirmation (a terminal,
// or --yes), `terraform apply` with one line per progress event, then the deploy into the
// cluster; the swarm stays there for `ltop --platform eks` to attach to.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { stackEstimate } from '../../aws/pricing/stack-estimate.js';
import { EstimateError, formatEstimate } from '../../cost/estimate.js';
import { UnknownPrice } from '../../cost/prices.js';
import { createEksPlatform, DEFAULT_STACK_DIR, type EksOptions } from '../../platforms/eks/index.js';
import type { ScenarioChoice } from '../../platforms/platform.js';
import { ask, interactive, interruptible, platformLines, printProgress, reportFailure, type InfraCommandIo } from './infra-io.js';

export interface UpOptions extends EksOptions {
  readonly scenario: ScenarioChoice;
  /** --yes: no question (required when stdin is not a terminal) */
  readonly yes?: boolean;
  /** hours the estimate prices besides the hourly rate; default 1 */
  readonly hours?: number;
}

export async function upCommand(options: UpOptions, io: InfraCommandIo): Promise<number> {
  if (!options.yes && !interactive(io)) {
    io.error('ltop up: stdin is not a terminal, so ltop cannot ask before creating billable AWS resources: pass --yes');
    return 2;
  }
  const stackDir = options.stackDir ?? DEFAULT_STACK_DIR;
  const platform = createEksPlatform(options, platformLines(io));
  try {
    // no terraform or no login: said first, before the estimate, the IP lookup and the question
    await platform.preflight();
  } catch (error) {
    return reportFailure('up', error, io);
  }
  try {
    const variablesTf = path.join(stackDir, 'variables.tf');
    const cost = await stackEstimate({
      ...(options.varFile ? { tfvarsPath: options.varFile } : {}),
      ...(existsSync(variablesTf) ? { variablesTfPath: variablesTf } : {}),
      ...(options.region ? { region: options.region } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
      hours: options.hours ?? 1,
    });
    for (const line of formatEstimate(cost)) io.line(line);
  } catch (error) {
    if (!(error instanceof EstimateError || error instanceof UnknownPrice)) return reportFailure('up', error, io);
    io.error(`ltop up: cannot estimate what the stack costs, so ltop will not create it: ${error.message}`);
    return 2;
  }
  try {
    // who may reach the cluster's API is part of what the user agrees to
    if (platform.infra.terms) io.line((await platform.infra.terms()).line);
  } catch (error) {
    return reportFailure('up', error, io);
  }
  if (!options.yes) {
    const answer = await ask(io, `Create this stack in AWS (billed from now until ltop down)? [y/N] `);
    if (!/^y(es)?$/i.test(answer?.trim() ?? '')) {
      io.line(answer === undefined ? '\nnothing created' : 'nothing created');
      return 1;
    }
  }
  const interrupt = interruptible(io);
  try {
    await platform.infra.provision(printProgress(io), interrupt.signal);
  } catch (error) {
    return reportFailure('up', error, io);
  } finally {
    interrupt.stop();
  }
  try {
    const endpoints = await platform.start(options.scenario);
    io.line(`deployed to ${platform.where}: ${endpoints.expectedWorkers} worker(s) expected${endpoints.targetHost ? `, target ${endpoints.targetHost}` : ''}`);
    const flags = [options.region ? `--region ${options.region}` : '', options.profile ? `--profile ${options.profile}` : '', options.varFile ? `--var-file ${options.varFile}` : ''].filter(Boolean).join(' ');
    io.line(`open the cockpit: ltop --platform eks${flags ? ` ${flags}` : ''}   (ltop down --platform eks destroys the stack)`);
    return 0;
  } catch (error) {
    io.error(`ltop up: the stack exists but the deploy failed: ${(error as Error).message}`);
    io.error('run ltop --platform eks to deploy again (it attaches to what exists), or ltop down --platform eks to destroy the stack');
    return 1;
  } finally {
    await platform.detach();
  }
}
