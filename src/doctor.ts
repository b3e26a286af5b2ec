// `ltop doctor`: checks what the chosen platform needs, each with what to fix.
import type { ResolvedOptions } from './cli/options.js';
import type { DoctorCheck } from './doctor/index.js';
import { demoTargetEntry } from './paths.js';
import { existsSync } from 'node:fs';
import { findLocust, locustVersion, pinnedLocustVersion } from './platforms/local/locust-binary.js';
import { listScenarios } from './scenarios.js';

async function localChecks(): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  try {
    const locust = findLocust();
    const version = await locustVersion(locust);
    const pin = pinnedLocustVersion();
    checks.push({
      name: 'locust',
      ok: true,
      detail: `${locust} (locust ${version})`,
      ...(version === pin
        ? {}
        : { warning: `not the pinned Locust ${pin} that the image and k8s/ run: unset LTOP_LOCUST and run npm start to use runtime/.venv` }),
    });
  } catch (error) {
    checks.push({ name: 'locust', ok: false, detail: 'not found', fix: (error as Error).message });
  }
  const major = Number(process.versions.node.split('.')[0]);
  checks.push({ name: 'node', ok: major >= 22, detail: process.versions.node, ...(major >= 22 ? {} : { fix: 'run ltop through npm start or bin/ltop, which use the project\'s Node 22' }) });
  const built = existsSync(demoTargetEntry);
  checks.push({ name: 'demo target', ok: built, detail: built ? demoTargetEntry : 'not built', ...(built ? {} : { fix: 'npm run build' }) });
  const scenarios = listScenarios();
  checks.push({ name: 'scenarios', ok: scenarios.length > 0, detail: scenarios.join(', ') || 'none', ...(scenarios.length ? {} : { fix: 'scenarios/ is missing: reinstall ltop' }) });
  return checks;
}

export function formatChecks(checks: readonly DoctorCheck[]): string {
  return checks
    .map((check) => {
      const mark = !check.ok ? '✗' : check.warning ? '!' : '✓';
      const fix = check.ok || !check.fix ? '' : `\n  fix: ${check.fix}`;
      const warning = check.ok && check.warning ? `\n  warning: ${check.warning}` : '';
      return `${mark} ${check.name.padEnd(24)} ${check.detail}${fix}${warning}`;
    })
    .join('\n');
}

export async function runDoctor(options: ResolvedOptions): Promise<{ text: string; ok: boolean }> {
  const checks =
    options.platform === 'local'
      ? await localChecks()
      : await (await import('./doctor/index.js')).runKubeDoctor({
          ...(options.context ? { context: options.context } : {}),
          ...(options.namespace ? { namespace: options.namespace } : {}),
          ...(options.kubeconfig ? { kubeconfigPath: options.kubeconfig } : {}),
          ...(options.workersGiven ? { expectedWorkers: options.workers } : {}),
        });
  return { text: formatChecks(checks), ok: checks.every((check) => check.ok) };
}
