// The flags of `ltop run`, read from ltop itself (bin/ltop run --help), so that manifests and
// CI examples that call ltop are checked against the real CLI. --check and --junit come with
// the SLO gates (issue 11) and are accepted ahead of their wiring.

import { join } from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT } from './kustomize.js';

const AHEAD_OF_WIRING = ['--check', '--junit'];

let help: Promise<string> | undefined;

export async function ltopRunFlags(): Promise<Set<string>> {
  help ??= execa(join(REPO_ROOT, 'bin', 'ltop'), ['run', '--help'], { reject: false }).then((r) => `${r.stdout}\n${r.stderr}`);
  const text = await help;
  if (!text.includes('--headless')) throw new Error(`bin/ltop run --help did not list its flags (build first: npm run build):\n${text}`);
  return new Set([...text.matchAll(/--[a-z][a-z-]+/g)].map((m) => m[0]).concat(AHEAD_OF_WIRING));
}

/** The --flags of a command line or an args list ("--workers=4" counts as --workers). */
export function flagsOf(args: string | readonly string[]): string[] {
  const words = typeof args === 'string' ? args.split(/\s+/) : args;
  return words.flatMap((w) => /^--[a-z][a-z-]+/.exec(w)?.[0] ?? []);
}
