// Totals are complete: what the summary counts is what the target served (issue 8, item 3).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseRequestsCsv } from '../../src/locust/csv-percentiles.js';
import type { RunSummary } from '../../src/report/summary.js';
import { ltop } from '../support/cli.js';
import { countedDemoTarget, type CountedTarget } from '../support/served.js';

describe('a headless run counts every request the target served', () => {
  let counted: CountedTarget;
  before(async () => {
    counted = await countedDemoTarget();
  });
  after(() => counted.close());

  it('2 workers, 8 s: summary, CSV and the target agree within 0.5 %', async (t) => {
    const results = mkdtempSync(path.join(tmpdir(), 'ltop-totals-'));
    const run = await ltop(['run', '--headless', '--json', '--host', counted.target.url, '--users', '20', '--spawn-rate', '20', '--duration', '8s', '--workers', '2', '--scenario', 'jsonplaceholder', '--results-dir', results], { env: { LTOP_WAIT_MIN: '0.01', LTOP_WAIT_MAX: '0.05' } });
    assert.equal(run.exitCode, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as RunSummary & { resultsDir: string };
    const served = counted.served();
    const [dir] = readdirSync(results);
    const csv = parseRequestsCsv(readFileSync(path.join(results, dir!, 'requests.csv'), 'utf8')).find((row) => row.name === 'Aggregated');
    assert.equal(summary.totals.requests, csv?.requests, 'summary and requests.csv are one picture');
    const missing = (served - summary.totals.requests) / served;
    t.diagnostic(`served ${served}, summary ${summary.totals.requests}, rps ${summary.totals.rps}`);
    assert.ok(served > 500, `enough load to measure: ${served}`);
    assert.ok(Math.abs(missing) <= 0.005, `summary ${summary.totals.requests} of ${served} served (${(missing * 100).toFixed(2)} % missing)`);
    assert.equal(summary.state, 'stopped');
  });
});
