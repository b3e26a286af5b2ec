// Which Terraform ltop runs: LTOP_TERRAFORM (a path, or a name on PATH such as `tofu`),
// else `terraform`, else `tofu` from PATH. OpenTofu speaks the same CLI and -json UI.
import { execFile } from 'node:child_process';
import { executable, onPath } from '../util/executable.js';
import path from 'node:path';
import { promisify } from 'node:util';

export interface TerraformBinary {
  readonly path: string;
  readonly flavor: 'terraform' | 'tofu';
  readonly version: string;
}

export class TerraformNotFoundError extends Error {}

/** What the stack's versions.tf requires (terraform-aws-modules/eks v21). */
export const MINIMUM_VERSION = '1.5.7';

const INSTALL_HINT = `install Terraform >= ${MINIMUM_VERSION} (https://developer.hashicorp.com/terraform/install) or OpenTofu (https://opentofu.org/docs/intro/install/), or set LTOP_TERRAFORM to its path`;


function locate(env: NodeJS.ProcessEnv): string {
  const chosen = env['LTOP_TERRAFORM'];
  if (chosen) {
    const found = chosen.includes(path.sep) ? (executable(chosen) ? chosen : undefined) : onPath(chosen, env['PATH']);
    if (!found) throw new TerraformNotFoundError(`LTOP_TERRAFORM=${chosen} is not an executable file: ${INSTALL_HINT}`);
    return found;
  }
  const found = onPath('terraform', env['PATH']) ?? onPath('tofu', env['PATH']);
  if (!found) throw new TerraformNotFoundError(`Terraform not found on PATH (neither terraform nor tofu): ${INSTALL_HINT}`);
  return found;
}

export function compareVersions(a: string, b: string): number {
  const parts = (version: string) => version.replace(/^v/, '').split(/[.-]/).slice(0, 3).map((part) => Number.parseInt(part, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

export async function findTerraform(env: NodeJS.ProcessEnv = process.env): Promise<TerraformBinary> {
  const file = locate(env);
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(file, ['version', '-json'], { env, timeout: 20_000 }));
  } catch (error) {
    throw new TerraformNotFoundError(`${file} version -json failed (${(error as Error).message.split('\n')[0]}): ${INSTALL_HINT}`);
  }
  let version = '';
  try {
    version = String((JSON.parse(stdout) as { terraform_version?: unknown }).terraform_version ?? '');
  } catch {
    // An old release without `version -json`: too old anyway.
  }
  if (!version || compareVersions(version, MINIMUM_VERSION) < 0) {
    throw new TerraformNotFoundError(`${file} is version ${version || 'unknown'}; ltop's stack needs >= ${MINIMUM_VERSION}: ${INSTALL_HINT}`);
  }
  const flavor = path.basename(file).startsWith('tofu') || /opentofu/i.test(stdout) ? 'tofu' : 'terraform';
  return { path: file, flavor, version };
}
