// The whole of one row, for the detail view (Enter): a long error message or log line that
// the table cuts to the width can be read in full. Pure.
import type { LocustError } from '../locust/snapshot.js';
import type { WorkerRow } from '../state/selectors.js';
import type { InfraResource } from '../domain/platform-vocabulary.js';
import type { LogLine } from '../state/state.js';
import { fmtBytes, fmtMs, fmtPercent, fmtRate } from './format.js';
import { logText, type EndpointRow } from './rows.js';

export interface Detail {
  readonly title: string;
  readonly lines: readonly string[];
}

export function endpointDetail(row: EndpointRow, filtered: boolean): Detail {
  const ratio = row.requests ? row.failures / row.requests : 0;
  const title = row.name === 'Aggregated' ? (filtered ? 'Aggregated (all endpoints, not only the filtered ones)' : 'Aggregated (all endpoints)') : `${row.method} ${row.name}`;
  return {
    title,
    lines: [
      `requests ${row.requests}   failures ${row.failures} (${fmtPercent(ratio)})`,
      `rps ${fmtRate(row.currentRps)}   fail/s ${fmtRate(row.currentFailPerSec)}`,
      `latency ms: min ${fmtMs(row.min)}  avg ${fmtMs(row.avg)}  p50 ${fmtMs(row.p50)}  p95 ${fmtMs(row.p95)}  p99 ${fmtMs(row.p99)}${row.p999 !== undefined ? `  p99.9 ${fmtMs(row.p999)}` : ''}  max ${fmtMs(row.max)}`,
      `average size ${fmtBytes(row.avgSize)}`,
    ],
  };
}

export function errorDetail(error: LocustError): Detail {
  return { title: `${error.occurrences} × ${error.method} ${error.name}`, lines: error.message.split('\n') };
}

export function logDetail(line: LogLine): Detail {
  return { title: `log line from ${line.source}`, lines: logText(line).split('\n') };
}

export function workerDetail(row: WorkerRow): Detail {
  return {
    title: `worker ${row.id}`,
    lines: [
      `Locust: ${row.locustState}, ${row.users ?? '—'} users, CPU ${row.cpuPercent === null ? '—' : `${row.cpuPercent.toFixed(0)} %`}, memory ${fmtBytes(row.memoryBytes)}`,
      `platform: ${row.phase || '—'}, pid ${row.pid ?? '—'}, restarts ${row.restarts ?? '—'}, node ${row.node ?? '—'}`,
    ],
  };
}

export function infraDetail(resource: InfraResource): Detail {
  return { title: `${resource.kind} ${resource.name}`, lines: [`status ${resource.status}${resource.healthy ? '' : ' (unhealthy)'}`, ...(resource.detail ? resource.detail.split('\n') : [])] };
}

/** Cut long lines into screen-wide pieces so nothing is lost to truncation. */
export function wrapLines(lines: readonly string[], width: number): string[] {
  const room = Math.max(10, width);
  return lines.flatMap((line) => {
    if (line.length <= room) return [line];
    const pieces: string[] = [];
    for (let start = 0; start < line.length; start += room) pieces.push(line.slice(start, start + room));
    return pieces;
  });
}
