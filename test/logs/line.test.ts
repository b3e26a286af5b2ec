// Runtime log lines as the plugin and Locust really write them (fixtures captured from Locust 2.47.0).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { formatLogLine, matchesFilter } from '../../src/logs/format.js';
import { parseLogLine } from '../../src/logs/line.js';

const fixture = (name: string): string[] => readFileSync(new URL(`../fixtures/logs/${name}`, import.meta.url), 'utf8').split('\n').filter((l) => l !== '');

describe('parseLogLine', () => {
  it('reads ltop JSON lines: time, level, logger, run id, worker id', () => {
    const lines = fixture('locust-2.47.0-distributed-json.log').map((l) => parseLogLine(l, { source: 'ltop-worker-1', at: 0 }));
    const err = lines.find((l) => l.logger === 'ltop.scenario.custom')!;
    assert.equal(err.level, 'ERROR');
    assert.equal(err.at, Date.parse('2026-12-01T09:12:29.556Z'));
    assert.equal(err.source, 'ltop-worker-1');
    assert.equal(err.runId, 'r-42');
    assert.equal(err.role, 'worker');
    assert.equal(err.workerId, 'vm_8d18cd0f652244ac8919924525a15d1d');
    assert.equal(err.message, 'custom scenario: set LTOP_API_TOKEN, or LTOP_USERNAME and LTOP_PASSWORD');
    const master = lines.find((l) => l.role === 'master')!;
    assert.equal(master.workerId, undefined, 'worker_id null on the master');
    assert.ok(lines.every((l) => l.level !== undefined && l.runId === 'r-42'));
  });

  it('without a carrier source, names the host', () => {
    const [first] = fixture('locust-2.47.0-json.log');
    const l = parseLogLine(first!, { source: '', at: 0 });
    assert.equal(l.source, 'vm');
    assert.equal(l.message, 'Starting Locust 2.47.0');
  });

  it('reads Locust plain lines, and keeps the stats table whole with no level', () => {
    const lines = fixture('locust-2.47.0-plain.log').map((l) => parseLogLine(l, { source: '', at: 0 }));
    assert.deepEqual(
      { ...lines[0] },
      { at: Date.parse('2026-12-01T09:12:16.694Z'), level: 'INFO', source: 'vm', logger: 'locust.main', message: 'Starting Locust 2.47.0' },
    );
    const table = lines.find((l) => l.message.includes('Aggregated'))!;
    assert.equal(table.level, undefined);
    assert.match(table.message, /^\s+Aggregated\s+2\s+2\(100\.00%\)/);
    assert.equal(lines.length, 25, 'no non-empty line lost');
  });

  it("prefers the carrier's UTC time over Locust's zone-less asctime", () => {
    const l = parseLogLine('[2026-12-01 10:12:16,694] vm/WARNING/locust.runners: CPU usage above 90%!', { source: 'ltop-master-0', at: 1_000 });
    assert.equal(l.at, 1_000);
    assert.equal(l.level, 'WARNING');
    assert.equal(l.source, 'ltop-master-0');
  });

  it('an exception travels with its message; odd input is kept as text', () => {
    const l = parseLogLine('{"time":"2026-12-01T09:00:00Z","level":"error","logger":"x","message":"boom","exception":"Traceback ..."}', { source: 's', at: 0 });
    assert.equal(l.level, 'ERROR');
    assert.equal(l.message, 'boom\nTraceback ...');
    for (const raw of ['{not json', '{"no":"message"}', '[1,2]', '']) {
      const p = parseLogLine(raw, { source: 's', at: 5 });
      assert.deepEqual({ ...p }, { at: 5, level: undefined, source: 's', message: raw });
    }
  });
});

describe('formatLogLine / matchesFilter', () => {
  const line = parseLogLine(fixture('locust-2.47.0-distributed-json.log').find((l) => l.includes('"ERROR"'))!, { source: 'ltop-worker-1', at: 0 });
  it('prints time, source, level, logger and message like aws logs tail', () => {
    assert.equal(formatLogLine(line), '2026-12-01T09:12:29.556Z ltop-worker-1 ERROR   ltop.scenario.custom: custom scenario: set LTOP_API_TOKEN, or LTOP_USERNAME and LTOP_PASSWORD');
    assert.match(formatLogLine(line, { color: true }), /\x1b\[31mERROR   \x1b\[0m/);
    assert.match(formatLogLine(line, { time: 'short' }), /^09:12:29 /);
  });
  it('filters case-insensitively on message, source, level and logger', () => {
    assert.ok(matchesFilter(line, 'api_token'));
    assert.ok(matchesFilter(line, 'worker-1'));
    assert.ok(matchesFilter(line, 'error'));
    assert.ok(!matchesFilter(line, 'nothing-like-this'));
    assert.ok(matchesFilter(line, undefined));
  });
});
