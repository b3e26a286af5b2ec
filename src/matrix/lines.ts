// One plain line per sweep event, for headless output and CI logs. Pure.
import type { SweepEvent } from './events.js';
import { statusText } from './record.js';

const STEP: Readonly<Record<string, string>> = { 'scale-target': 'scaling the target', 'scale-workers': 'scaling workers', run: 'running', cooldown: 'cooling down' };

export function sweepEventLine(event: SweepEvent): string | null {
  switch (event.type) {
    case 'matrix/started': {
      const resumed = event.resumed.length ? `, ${event.resumed.length} already done (resumed)` : '';
      return `ltop matrix: ${event.cells.length} ${event.cells.length === 1 ? "cell" : "cells"} of ${event.plan.durationSeconds}s${resumed} -> ${event.dir}`;
    }
    case 'matrix/cell-started':
      return null;
    case 'matrix/step':
      return `[${event.cell.index + 1}] ${event.cell.key}: ${STEP[event.step] ?? event.step}${event.step === 'run' ? ` ${event.cell.users} users at ${event.cell.spawnRate}/s` : ''}`;
    case 'matrix/cell-done': {
      const record = event.record;
      const numbers = record.status === 'ok' ? ` rps=${record.rps} p50=${record.p50Ms ?? '—'}ms p95=${record.p95Ms ?? '—'}ms fail=${((record.failureRatio ?? 0) * 100).toFixed(2)}% requests=${record.requests}` : '';
      return `[${record.index + 1}] ${record.key}: ${statusText(record)}${numbers}`;
    }
    case 'matrix/finished':
      return `ltop matrix: ${event.state}`;
  }
}
