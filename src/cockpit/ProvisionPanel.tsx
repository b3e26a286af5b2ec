// While `d` provisions or `D` destroys (and after one failed, until R retries or Esc hides it):
// resources done / planned, the one in progress and its elapsed time, each diagnostic with its
// detail, and for a failure what happened and the next step. Takes the charts' and panels' rows.
import { Box, Text } from 'ink';
import React from 'react';
import type { InfraRunView } from '../domain/platform-vocabulary.js';
import { fmtDuration, oneLine, truncate } from '../render/format.js';
import type { PanelProps } from './use-store.js';
import type { Fields } from './use-store.js';
import { useTone } from './theme.js';

export const PROVISION_FIELDS: Fields = ['infraRun', 'now'];

type Tone = 'red' | 'yellow' | 'green' | 'gray' | undefined;

export interface PanelLine {
  readonly text: string;
  readonly tone?: Tone;
  readonly bold?: boolean;
}

/** The run's steps (InfraRunView.stage) as the panel names them. */
const STAGES: Readonly<Record<string, string>> = {
  aws: 'AWS credentials',
  access: 'API access',
  init: 'terraform init',
  'terraform-provision': 'planning',
  'terraform-destroy': 'terraform destroy',
  kubernetes: 'Kubernetes clean-up',
  'orphan-check': 'orphan check',
  stack: 'stack outputs',
};

const ACTIVE: Readonly<Record<string, string>> = { create: 'creating', update: 'updating', delete: 'destroying', read: 'reading', replace: 'replacing' };

/** Words to lines of at most `width` characters; a word longer than the line is cut. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of oneLine(text).split(' ')) {
    if (!word) continue;
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line} ${word}` : truncate(word, width);
  }
  if (line) lines.push(line);
  return lines;
}

function bar(done: number, planned: number, cells: number): string {
  const filled = planned > 0 ? Math.min(cells, Math.round((done / planned) * cells)) : 0;
  return `${'█'.repeat(filled)}${'░'.repeat(cells - filled)}`;
}

const elapsed = (seconds: number): string => fmtDuration(Math.max(0, seconds) * 1000);

/** Pure: the panel's lines for a run, at most `height` of them, none wider than `width`. */
export function provisionLines(run: InfraRunView, now: number, width: number, height: number): PanelLine[] {
  const outcome = run.outcome === 'running' ? 'running' : run.outcome;
  // before Terraform counts anything: the step it is at (or ended at), not always "planning"
  const step = STAGES[run.stage === 'terraform' ? `terraform-${run.operation}` : run.stage] ?? run.stage;
  const counts = run.planned > 0 ? `${run.done}/${run.planned} ${Math.min(100, Math.round((run.done / run.planned) * 100))}% ${bar(run.done, run.planned, 16)}` : run.outcome === 'running' ? step : `at ${step}`;
  // the clock stops when the run ends
  const took = ((run.endedAt ?? now) - run.startedAt) / 1000;
  const top: PanelLine[] = [{ text: truncate(`${run.operation} · ${outcome} · ${counts} · ${elapsed(took)}`, width), bold: true, tone: run.outcome === 'running' ? undefined : run.outcome === 'done' ? 'green' : 'red' }];
  const flights = run.inFlight
    .map((flight) => ({ ...flight, seconds: Math.max(flight.reportedSeconds, Math.floor((now - flight.startedAt) / 1000)) }))
    .sort((a, b) => b.seconds - a.seconds);
  const longest = flights[0];
  if (longest) top.push({ text: truncate(`now: ${ACTIVE[longest.action] ?? longest.action} ${longest.address} ${elapsed(longest.seconds)}${flights.length > 1 ? ` (+${flights.length - 1} more)` : ''}`, width) });
  else if (run.outcome === 'running') top.push({ text: truncate(`now: ${run.stage}`, width) });
  if (run.last) top.push({ text: truncate(`last: ${oneLine(run.last)}`, width), tone: 'gray' });

  const bottom: PanelLine[] = [];
  if (run.failure) {
    bottom.push(...wrap(`✗ ${run.failure.message}`, width).slice(0, 2).map((text) => ({ text, tone: 'red' as Tone, bold: true })));
    bottom.push(...wrap(`next: ${run.failure.nextStep} · Esc hides this`, width).slice(0, 2).map((text) => ({ text, tone: 'yellow' as Tone })));
  }

  // the middle: each diagnostic with its detail, then what the failure says exists (or is left)
  const middle: PanelLine[] = [];
  for (const diagnostic of run.diagnostics) {
    const tone: Tone = diagnostic.severity === 'error' ? 'red' : 'yellow';
    middle.push(...wrap(`${diagnostic.severity}: ${diagnostic.summary}${diagnostic.where ? ` [${diagnostic.where}]` : ''}`, width).map((text) => ({ text, tone })));
    middle.push(...wrap(diagnostic.detail, width - 2).map((text) => ({ text: `  ${text}` })));
  }
  // a failed apply's lines repeat its diagnostics, which are shown above with their detail
  const extra = (run.failure?.lines ?? []).filter((line) => !(run.diagnostics.length > 0 && /^(error|warning): /.test(line)));
  for (const line of extra) middle.push({ text: truncate(line, width) });

  const room = Math.max(0, height - top.length - bottom.length);
  if (middle.length > room) {
    const kept = middle.slice(0, Math.max(0, room - 1));
    kept.push({ text: truncate(`… ${middle.length - kept.length} more lines (ltop ${run.operation === 'provision' ? 'up' : 'down'} prints them all)`, width), tone: 'gray' });
    return [...top, ...kept.slice(0, room), ...bottom].slice(0, height);
  }
  return [...top, ...middle, ...bottom].slice(0, height);
}

export function ProvisionPanel({ state, width, height }: PanelProps): React.JSX.Element | null {
  const tone = useTone();
  const run = state.infraRun;
  if (!run) return null;
  // a round border and one column of padding on each side
  const lines = provisionLines(run, state.now, Math.max(10, width - 4), Math.max(1, height - 2));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={tone(run.outcome === 'running' ? 'cyan' : run.outcome === 'done' ? 'green' : 'red')} paddingX={1} height={height} width={width}>
      {lines.map((line, index) => (
        <Text key={index} wrap="truncate" bold={line.bold ?? false} {...(line.tone ? { color: tone(line.tone) } : {})}>
          {line.text}
        </Text>
      ))}
    </Box>
  );
}
