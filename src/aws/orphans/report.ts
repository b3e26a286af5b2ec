// The orphan report as lines: the same text for `ltop down` headless and the cockpit's panel.
import type { OrphanReport } from './check.js';

export function orphanReportLines(r: OrphanReport): string[] {
  const where = `stack ${r.stack} (cluster ${r.clusterName}) in ${r.region}`;
  if (r.clean) return [`nothing left in AWS for ${where}`];
  const lines: string[] = [];
  if (r.orphans.length) {
    lines.push(`${r.orphans.length} resource${r.orphans.length > 1 ? 's' : ''} left in AWS for ${where} (remove in this order):`);
    for (const o of r.orphans) lines.push(`  ${o.kind} ${o.id} — ${o.detail}${o.transient ? ' (going away)' : ''}`, `    ${o.remove}`);
  }
  if (r.failures.length) {
    lines.push(`could not check ${r.failures.length} kind${r.failures.length > 1 ? 's' : ''} of resource, so ltop cannot say nothing is left:`);
    for (const f of r.failures) lines.push(`  ${f.error}`);
  }
  return lines;
}
