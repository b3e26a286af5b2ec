// Issue 14's user trial: a headless run whose Prometheus fails must say so (stderr, once per
// message) and record it in summary.json's scaling.serverRate, never end silent. Real ltop
// (dist/cli.js), real Locust, a real Prometheus for the malformed query; three runs at once.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ltop } from '../support/cli.js';
import type { RunSummary } from '../../src/report/summary.js';
import { startPrometheus, type RealPrometheus } from './real-prometheus.js';

describe('headless: a failing Prometheus is warned about and recorded', () => {
  let work: string;
  let plain: Server;
  let prom: RealPrometheus;
  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'ltop-prom-err-'));
    // "not Prometheus": any web server answering HTML
    plain = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    prom = await startPrometheus([]);
  });
  after(async () => {
    plain?.close();
    await prom?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const run = (name: string, extra: string[]) =>
    ltop(['run', '--headless', '--duration', '4s', '--users', '2', '--spawn-rate', '2', '--workers', '1', '--results-dir', path.join(work, name), ...extra], { env: { ...process.env, LTOP_STATE_DIR: path.join(work, `state-${name}`) }, timeoutMs: 120_000 });
  const summaryOf = (name: string): RunSummary => {
    const root = path.join(work, name);
    return JSON.parse(readFileSync(path.join(root, readdirSync(root)[0]!, 'summary.json'), 'utf8')) as RunSummary;
  };

  it('down, not Prometheus, malformed PromQL: one warning line with its message on stderr, the error in summary.json', async () => {
    const port = (plain.address() as AddressInfo).port;
    const [down, html, bad] = await Promise.all([
      run('down', ['--prometheus', 'http://127.0.0.1:9']),
      run('html', ['--prometheus', `http://127.0.0.1:${port}`]),
      run('bad', ['--prometheus', prom.url, '--prometheus-query', 'sum(rate(http_requests_total[1m])']),
    ]);
    const cases = [
      { name: 'down', r: down, message: /Prometheus at http:\/\/127\.0\.0\.1:9 unreachable/ },
      { name: 'html', r: html, message: /Prometheus at http:\/\/127\.0\.0\.1:\d+: HTTP 200: <html>hello/ },
      { name: 'bad', r: bad, message: /Prometheus: bad_data: .*parse error/ },
    ];
    for (const { name, r, message } of cases) {
      const warnings = r.stderr.split('\n').filter((line) => line.startsWith('ltop: warning: server-side rate:'));
      assert.equal(warnings.length, 1, `${name}: one warning, not one per poll:\n${r.stderr}`);
      assert.match(warnings[0]!, message, name);
      const rate = summaryOf(name).scaling?.serverRate;
      assert.ok(rate?.error, `${name}: ${JSON.stringify(summaryOf(name).scaling)}`);
      assert.match(rate.error, message);
      assert.equal(rate.flagged, false);
      assert.match(r.stdout, /^scaling: .*no server-side rate: /m, `${name}: the scaling line says so:\n${r.stdout}`);
      // and no sample dated after the run's end
      const root = path.join(work, name);
      const endedAt = Date.parse(summaryOf(name).endedAt);
      const rows = readFileSync(path.join(root, readdirSync(root)[0]!, 'scaling.csv'), 'utf8').trim().split('\n').slice(1);
      assert.ok(rows.length > 0 && rows.every((row) => Date.parse(row.split(',')[0]!) <= endedAt), `${name}: ended ${summaryOf(name).endedAt}\n${rows.join('\n')}`);
    }
  });
});
