// Runs the built CLI (dist/cli.js) under this Node, as a user would run `ltop`.
import { execa } from 'execa';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliEntry = path.join(repoRoot, 'dist', 'cli.js');

export function ltop(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}) {
  return execa(process.execPath, [cliEntry, ...args], {
    reject: false,
    env: { ...options.env, FORCE_COLOR: '0' },
    cwd: options.cwd ?? repoRoot,
    timeout: options.timeoutMs ?? 120000,
    stdin: 'ignore',
  });
}
