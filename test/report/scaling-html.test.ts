// The scaling timeline in report.html and summary.json, checked against the scripted story of
// issue 14 (the HPA asks for 6 at 55 s, 2 pods stay Pending until a node is ready at 210 s), and
// laid into a report shaped as Locust 2.47's `--html` output ends (its React root, the
// templateArgs script, then </body>).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { writeResults } from '../../src/report/results.js';
import { scalingSection, withScalingSection } from '../../src/report/scaling-html.js';
import type { RunSummary } from '../../src/report/summary.js';
import { scalingFigures } from '../../src/target/timeline.js';
import { fixtureSnapshot } from '../support/fixtures.js';
import { scalingStory } from '../support/target-views.js';

const LOCUST_REPORT = '<!DOCTYPE html>\n<html lang="en">\n  <head>\n    <title>Locust</title>\n  </head>\n  <body>\n    <div id="root"></div>\n\n    <script>\n      window.templateArgs = {"duration": "2 seconds", "is_report": true}\n      window.theme = "light"\n    </script>\n    \n  </body>\n</html>\n';

/** the text of the table rows, cells joined by " | " */
function rows(html: string, table: string): string[] {
  const body = new RegExp(`<table class="${table}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]).join(' | '));
}

describe('the scaling timeline in the HTML report', () => {
  const section = scalingSection(scalingStory(), scalingFigures(scalingStory()));

  it('the figures: from the load level to the first scale-up, all ready, a new node; time at max; longest Pending; the server-side rate', () => {
    assert.deepEqual(rows(section, 'figures'), [
      'Load level | 200 users at 09:10:20 UTC',
      'Load level to the first scale-up | 35 s',
      'Load level to all desired replicas ready | 3m30s',
      'Load level to a new node ready | 3m10s',
      'Time at max replicas | 4m05s',
      'Longest Pending | 2m50s',
      'Peak desired / ready replicas, nodes | 6 / 6, 3',
      'Server-side rate at the load level | server 399.0/s vs Locust 400.0/s (0%)',
    ]);
  });

  it('the scale events with their times, and as lines across the chart at those times', () => {
    assert.deepEqual(rows(section, 'events').slice(1), ['09:10:55 | +55 s | desired 2 → 6', '09:13:30 | +3m30s | ready nodes 2 → 3']);
    // one time axis 300 s wide from x=64 to x=944: 55 s is at 225.3, 210 s at 680.0
    assert.match(section, /<line class="scale" x1="225\.3" x2="225\.3"/);
    assert.match(section, /<line class="node" x1="680\.0" x2="680\.0"/);
    assert.match(section, /<line class="level" x1="122\.7"[^>]*\/><text class="level"[^>]*>load 200 users</);
    assert.match(section, />0 s<\/text>/);
    assert.match(section, />5m00s<\/text><text[^>]*>09:15:00</);
  });

  it('RPS (Locust and the server), p95, and desired/ready replicas, Pending pods and ready nodes as series', () => {
    const series = [...section.matchAll(/data-series="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(series, ['Locust', 'server (Prometheus)', 'Locust p95', 'desired', 'ready', 'Pending', 'ready nodes']);
    // desired is a step: at 55 s it goes up at once (2 -> 6 on a 0..10 axis)
    const desired = /data-series="desired"[^>]*points="([^"]+)"/.exec(section)![1]!.split(' ');
    assert.ok(desired.includes('225.3,432.0') && desired.includes('225.3,384.0'), desired.slice(8, 16).join(' '));
    assert.equal([...section.matchAll(/<rect class="atmax"/g)].length, 49, 'shaded from 55 s to the end: 49 intervals of 5 s');
    // the server's own latency and error rate, when queried, beside Locust's
    const more = scalingStory().map((x) => ({ ...x, serverLatencyMs: 100, serverErrors: 0.5 }));
    const named = [...scalingSection(more, scalingFigures(more)).matchAll(/data-series="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(named.slice(0, 5), ['Locust', 'server (Prometheus)', 'server errors/s', 'Locust p95', 'server latency']);
  });

  it('without Prometheus no server series; a flagged gap says so; names are escaped', () => {
    const plain = scalingStory().map(({ serverRps: _s, ...rest }) => ({ ...rest, targets: rest.targets.map((t) => ({ ...t, name: '<web>' })) }));
    const html = scalingSection(plain, scalingFigures(plain));
    assert.doesNotMatch(html, /server \(Prometheus\)|Server-side rate/);
    assert.match(html, /Replicas \(&#60;web&#62;\)/);
    const lossy = scalingStory().map((x) => (x.serverRps === undefined ? x : { ...x, serverRps: x.rps * 0.6 }));
    assert.match(scalingSection(lossy, scalingFigures(lossy)), /<td class="warn">server 240\.0\/s vs Locust 400\.0\/s \(-40%\) — gap: the app counted a different load than Locust sent</);
    assert.match(scalingSection([], scalingFigures([])), /no load reached a level[\s\S]*No scale event/);
    const flat = scalingStory().map((x) => ({ ...x, targets: [{ name: 'web', desired: 2, ready: 2 }], readyNodes: 2 }));
    assert.deepEqual(rows(scalingSection(flat, scalingFigures(flat)), 'figures').slice(1, 3), ['Load level to the first scale-up | no scale-up', 'Load level to all desired replicas ready | no scale-up to wait for (all ready throughout)']);
  });

  it("laid into Locust's report before its </body>, everything of Locust's kept", () => {
    const html = withScalingSection(LOCUST_REPORT, section);
    assert.ok(html.startsWith(LOCUST_REPORT.slice(0, LOCUST_REPORT.lastIndexOf('</body>'))));
    assert.ok(html.endsWith('</section>\n</body>\n</html>\n'));
    assert.equal(withScalingSection('<p>no body</p>', '<section/>'), '<p>no body</p>\n<section/>\n');
  });
});

describe('writeResults with a scaling timeline', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const meta = { scenario: 'jsonplaceholder', platform: 'kube', targetHost: 'http://web', startedAt: Date.parse('2026-12-01T09:10:00Z'), endedAt: Date.parse('2026-12-01T09:15:00Z'), expectedWorkers: 2, users: 200, reason: 'stop' as const, versions: { ltop: 'test', locust: '2.47.0', node: process.version } };
  const snapshot = fixtureSnapshot('2.47.0-stats-stopped.json');

  it('scaling.csv, summary.json `scaling` and the timeline in report.html, from the same samples', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ltop-report-'));
    dirs.push(dir);
    await writeResults(dir, { snapshot, files: new Map([['report.html', LOCUST_REPORT]]), missing: [] }, meta, { samples: scalingStory() });
    const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as RunSummary;
    assert.deepEqual(summary.scaling, scalingFigures(scalingStory()));
    assert.equal(summary.scaling?.serverRate?.flagged, false);
    assert.equal(readFileSync(path.join(dir, 'scaling.csv'), 'utf8').split('\n').length, 1 + 61 + 1);
    const report = readFileSync(path.join(dir, 'report.html'), 'utf8');
    assert.match(report, /<div id="root"><\/div>[\s\S]*window\.templateArgs[\s\S]*<section id="ltop-scaling">[\s\S]*Load level to the first scale-up<\/th><td>35 s</);
  });

  it("Locust's report missing (the master gone): no report.html is made up, the rest is written", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ltop-report-'));
    dirs.push(dir);
    const saved = await writeResults(dir, { snapshot, files: new Map(), missing: ['report.html (gone)'] }, { ...meta, partialCause: 'gone' }, { samples: scalingStory() });
    assert.deepEqual(saved.missing, ['report.html (gone)']);
    assert.equal(existsSync(path.join(dir, 'report.html')), false);
    assert.ok(existsSync(path.join(dir, 'scaling.csv')));
    assert.equal(saved.summary.scaling?.toFirstScaleUpS, 35);
  });
});
