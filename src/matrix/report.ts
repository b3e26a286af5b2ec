// report.md at the end of a sweep: the table, the headline numbers, the knee per replica count
// with its recommendation, and the rule used. Pure.
import { kneesPerReplicas, KNEE_RULE } from './knee.js';
import { csvRow, CSV_COLUMNS, WORKER_CPU_LIMIT, type CellRecord } from './record.js';
import { cellLabel, sweepStats } from './stats.js';
import type { SweepFile } from './store.js';
import { matrixChartLines } from './terminal.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const num = (value: number | null, digits = 1, unit = ''): string => (value === null ? '—' : `${Number(value.toFixed(digits))}${unit}`);
const pct = (ratio: number | null): string => (ratio === null ? '—' : `${Number((ratio * 100).toFixed(2))}%`);

function table(records: readonly CellRecord[]): string[] {
  const header = [...CSV_COLUMNS, 'Worker_CPU_max'];
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...records.map((record) => `| ${[...csvRow(record), record.peakWorkerCpu === null ? '—' : `${Math.round(record.peakWorkerCpu)}%`].map((value) => cell(value || '—')).join(' | ')} |`),
  ];
}

function best(record: CellRecord | null, what: string): string {
  if (!record) return `- ${what}: —`;
  return `- ${what}: ${num(record.rps)} rps at p95 ${num(record.p95Ms, 1, ' ms')} (${cellLabel(record)})${record.cpuBound ? ' — worker CPU was above 90 %' : ''}`;
}

const seconds = (value: number | undefined): string => (value === undefined ? '—' : `${value} s`);

/** The target during each cell (scaling.csv's figures): what was Ready, what waited, what the HPA did. */
function scalingSection(records: readonly CellRecord[]): string[] {
  const followed = records.filter((record) => record.scaling && record.scaling.maxDesired > 0);
  if (!followed.length) return [];
  return [
    '',
    '## The target per cell',
    '',
    '| Cell | Desired_max | Ready_max | Nodes_max | Longest_Pending_s | First_scale_up_s | All_ready_s | At_max_s |',
    '|---|---|---|---|---|---|---|---|',
    ...followed.map((record) => {
      const f = record.scaling!;
      return `| ${record.key} | ${f.maxDesired} | ${f.maxReady} | ${f.maxNodes} | ${f.longestPendingS} | ${seconds(f.toFirstScaleUpS)} | ${seconds(f.toAllReadyS)} | ${f.timeAtMaxS} |`;
    }),
    '',
    'From each cell\'s scaling.csv (its folder); the times count from the load reaching the cell\'s users.',
  ];
}

export function kneeReport(sweep: SweepFile): string {
  const records = [...sweep.cells].sort((a, b) => a.index - b.index);
  const stats = sweepStats(records);
  const plan = sweep.plan;
  const planned = (plan.replicas?.length ?? 1) * plan.workers.length * plan.users.length;
  const lines = [
    `# ltop matrix, started ${sweep.startedAt}`,
    '',
    `${sweep.state === 'completed' ? 'Completed' : sweep.state === 'stopped' ? 'Stopped before the end' : 'Running'}: ${records.length} of ${planned} cells recorded. ` +
      `Replicas ${plan.replicas?.join(', ') ?? '(not scaled)'}; workers ${plan.workers.join(', ')}; users ${plan.users.join(', ')}; ` +
      `${plan.durationSeconds} s per cell, ${plan.cooldownSeconds} s cooldown, spawn rate ${plan.spawnRate ?? '= users'}.`,
    '',
    '## Results',
    '',
    ...table(records),
    '',
    '## Summary',
    '',
    best(stats.bestThroughput, 'Best throughput'),
    best(stats.bestLatency, 'Best latency'),
    `- Averages over successful cells: ${num(stats.averageRps)} rps, p95 ${num(stats.averageP95Ms, 1, ' ms')}, failures ${num(stats.averageFailurePct, 2, ' %')}`,
    `- Success rate: ${stats.okCells}/${stats.cells} cells (${pct(stats.cellSuccessRate)}); ${pct(stats.requestSuccessRate)} of requests succeeded`,
  ];
  const failed = records.filter((record) => record.status === 'failed');
  if (failed.length) lines.push(`- Failed cells: ${failed.map((record) => `${record.key} (${record.cause ?? '?'})`).join('; ')}`);
  const hot = records.filter((record) => record.cpuBound);
  if (hot.length) {
    lines.push(`- **Load generator near its limit** (a worker above ${WORKER_CPU_LIMIT} % CPU) in ${hot.map((record) => `${record.key} (${Math.round(record.peakWorkerCpu ?? 0)} %)`).join(', ')}: those numbers may describe the workers, not the target; add workers.`);
  }
  lines.push(...scalingSection(records));
  lines.push('', '## RPS and p95 against users', '', '```text', ...matrixChartLines(records, { width: 80, height: 8, color: false }).map((line) => line.trimEnd()), '```');
  lines.push('', '## Knee per replica count', '');
  for (const knee of kneesPerReplicas(records)) lines.push(`- ${knee.recommendation}${knee.at?.cpuBound ? ' (worker CPU was above 90 % there: confirm with more workers)' : ''}`);
  lines.push(
    '',
    `Rule: along rising users (at each level the successful cell with the highest RPS), the knee is the first level where p95 is at least ${KNEE_RULE.p95Factor} x the previous level's and ${KNEE_RULE.p95MinRiseMs} ms higher, ` +
      `or RPS grew by less than ${KNEE_RULE.rpsGainShare * 100} % of the users' growth.`,
    '',
  );
  return lines.join('\n');
}
