import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { judgeChecks } from '../../src/checks/judge.js';
import { parseChecks } from '../../src/checks/parse.js';
import { compareCommand } from '../../src/cli/commands/compare.js';
import { historyCommand } from '../../src/cli/commands/history.js';
import type { CommandOutput } from '../../src/cli/commands/output.js';
import { amendSummary } from '../../src/history/summary-file.js';
import { resultsDirName } from '../../src/report/results.js';
import { realSummary, scaledSummary, STARTED_AT } from '../checks/summary-fixture.js';

function capture(): CommandOutput & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, line: (text) => lines.push(text), error: (text) => errors.push(text) };
}

const HOUR = 3600_000;

/** A results folder as ltop leaves it: runs, a gated run, a cut-off run, a broken summary, a matrix. */
async function resultsFolder(): Promise<{ root: string; older: string; newer: string }> {
  const root = mkdtempSync(path.join(tmpdir(), 'ltop-history-'));
  const write = (dir: string, summary: object): string => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'summary.json'), JSON.stringify(summary));
    return dir;
  };
  const older = write(path.join(root, resultsDirName(STARTED_AT)), realSummary());
  const newer = write(path.join(root, resultsDirName(STARTED_AT + 2 * HOUR)), { ...scaledSummary(1.5), startedAt: new Date(STARTED_AT + 2 * HOUR).toISOString(), scenario: 'httpbin' });
  await amendSummary(newer, { checks: judgeChecks(parseChecks('p95<500ms, fail_ratio<1%'), scaledSummary(1.5)) });
  mkdirSync(path.join(root, resultsDirName(STARTED_AT + 3 * HOUR)));
  mkdirSync(path.join(root, resultsDirName(STARTED_AT + HOUR)));
  writeFileSync(path.join(root, resultsDirName(STARTED_AT + HOUR), 'summary.json'), '{"scenario": "jsonpl');
  write(path.join(root, 'matrix-2027-01-15T10-00-00Z', 'r1-w2-u10'), { ...realSummary({ startedAt: STARTED_AT + 4 * HOUR }), users: 10 });
  writeFileSync(path.join(root, 'notes.txt'), 'not a run');
  return { root, older, newer };
}

describe('ltop history', () => {
  it('lists every run newest first with its numbers and checks; cut-off and broken runs are named, not fatal', async () => {
    const { root } = await resultsFolder();
    const out = capture();
    assert.equal(await historyCommand({ resultsDir: root }, out), 0);
    const [header, ...rows] = out.lines;
    assert.match(header ?? '', /^Time\s+Scenario\s+Platform\s+Users\s+Workers\s+Requests\s+RPS\s+p95\s+Fail%\s+Checks\s+Folder$/);
    assert.equal(rows.length, 5);
    assert.match(rows[0]!, /^2027-01-15 12:00:00Z\s+jsonplaceholder\s+local\s+10\s+2\/2\s+647\s+32\.4\s+7ms\s+22\.6%\s+—\s+matrix-2027-01-15T10-00-00Z\/r1-w2-u10$/);
    assert.match(rows[1]!, /^2027-01-15 11:00:00Z\s+\(unreadable\).*2027-01-15T11-00-00Z: no summary\.json \(cut off before the first save\?\)$/);
    assert.match(rows[2]!, /^2027-01-15 10:00:00Z\s+httpbin\s+local\s+10\s+2\/2\s+647\s+32\.4\s+11ms\s+22\.6%\s+1\/2 FAIL\s+2027-01-15T10-00-00Z$/);
    assert.match(rows[3]!, /^2027-01-15 09:00:00Z\s+\(unreadable\).*: is not JSON \(a run cut off while writing\?\)$/);
    assert.match(rows[4]!, /^2027-01-15 08:00:00Z\s+jsonplaceholder\s+local/);
    const limited = capture();
    await historyCommand({ resultsDir: root, limit: 2, json: true }, limited);
    const json = JSON.parse(limited.lines.join('\n')) as { dir: string; problem?: string }[];
    assert.equal(json.length, 2);
    assert.match(json[1]?.problem ?? '', /no summary\.json/);
  });

  it('no results folder yet: says so, exit 0', async () => {
    const out = capture();
    assert.equal(await historyCommand({ resultsDir: path.join(tmpdir(), 'ltop-none-here') }, out), 0);
    assert.deepEqual(out.lines, [`no runs under ${path.join(tmpdir(), 'ltop-none-here')}`]);
  });
});

describe('ltop compare A B', () => {
  it('side by side: the runs\' facts, then each metric with B\'s change against A marked', async () => {
    const { older, newer } = await resultsFolder();
    const out = capture();
    assert.equal(await compareCommand({ a: older, b: newer }, out), 0);
    const text = out.lines.join('\n');
    assert.match(out.lines[0]!, /^A .*summary\.json$/);
    assert.match(text, /\nscenario\s+jsonplaceholder\s+httpbin\n/);
    assert.match(text, /\nchecks\s+—\s+1\/2 passed\n/);
    assert.match(text, /\ntotal p95\s+7ms\s+10\.5ms\s+\+50% worse\n/);
    assert.match(text, /\ntotal rps\s+32\.4\s+32\.4\s+±0% same\n/);
    assert.match(text, /\nGET \/index\.html p50\s+4ms\s+6ms\s+\+50% worse/);
  });

  it('an unreadable side is a one-line error, exit 2', async () => {
    const { root } = await resultsFolder();
    const out = capture();
    assert.equal(await compareCommand({ a: path.join(root, resultsDirName(STARTED_AT + HOUR)), b: root }, out), 2);
    assert.equal(out.errors.length, 1);
    assert.match(out.errors[0]!, /^ltop compare: .*summary\.json is not JSON/);
  });
});

describe('a partial run in the history', () => {
  it('is marked PARTIAL where it is listed', async () => {
    const { historyRow } = await import('../../src/history/table.js');
    const { realSummary } = await import('../checks/summary-fixture.js');
    const root = '/results';
    const summary = { ...realSummary(), partial: true, partialCause: 'the Locust master (pid 7) killed(SIGKILL)' };
    const row = historyRow({ ok: true, dir: '/results/run', startedAt: Date.parse(summary.startedAt), summary } as never, root);
    assert.equal(row.at(-1), 'run (PARTIAL)');
  });
});
