// Issue 14's user trial, the pure parts: the figures and the chart from timelines shaped like
// the runs the user made (a ramp against a 1m rate, 3 -> 5 -> 2 then ++++, a launch at 3).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { scalingCsv, scalingFigures, scalingSummaryLine, timelineSample, timelineSeries, type TimelineSample } from '../../src/target/timeline.js';
import { localTargetView } from '../../src/target/local.js';
import { scaleEvents } from '../../src/target/scale-events.js';
import { serverRateLine } from '../../src/render/target.js';
import { rangeWindowMs } from '../../src/prometheus/window.js';
import { figureRows, scalingSection } from '../../src/report/scaling-html.js';

const T0 = Date.parse('2026-12-01T13:18:00Z');

/** one sample every 2 s on local (one "localhost" node); `at` in seconds */
function sample(t: number, users: number, desired: number, more: Partial<TimelineSample> = {}): TimelineSample {
  return { at: T0 + t * 1000, users, rps: users * 2, targets: [{ name: 'demo-target', desired, ready: desired }], pending: 0, nodes: 1, readyNodes: 1, atMax: false, oldestPendingS: 0, ...more };
}

describe('issue 14 trial: timeline figures and marks', () => {
  test('the rate window is read from the query', () => {
    assert.equal(rangeWindowMs('sum(rate(http_requests_total[1m]))'), 60_000);
    assert.equal(rangeWindowMs('sum(rate(x{path="[5m]"}[30s])) / sum(rate(y[2m:10s]))'), 120_000);
    assert.equal(rangeWindowMs('sum(http_requests_in_flight)'), 0);
  });

  test('a ramp against a 1m rate is "warming up", never a gap; flagged only once the load held for the window', () => {
    const ramp = { at: T0, rate: 40, windowMs: 60_000 };
    const warming = serverRateLine(ramp, 100, 20_000)!;
    assert.match(warming.text, /warming up \(1m window, load held 20s\)/);
    assert.doesNotMatch(warming.text, /⚠ gap/);
    assert.equal(warming.warn, false);
    assert.match(serverRateLine(ramp, 100, 61_000)!.text, /⚠ gap/);
    // the summary: a 40 s run never covers the window, so nothing is compared, and it says so
    const short = Array.from({ length: 21 }, (_, i) => sample(i * 2, Math.min(10, i * 2), 1, { serverRps: i, serverWindowMs: 60_000, requestedUsers: 10 }));
    const f = scalingFigures(short);
    assert.deepEqual(f.serverRate, { flagged: false, windowS: 60, note: "warming up: the load never held its level for the query's 1m window, so nothing to compare" });
    assert.match(scalingSummaryLine(f), /server-side rate warming up/);
    // a long one compares only the samples after the window: like with like
    const long = Array.from({ length: 61 }, (_, i) => sample(i * 2, Math.min(10, i * 2), 1, { serverRps: i * 2 < 70 ? 5 : 20, serverWindowMs: 60_000, requestedUsers: 10 }));
    assert.deepEqual(scalingFigures(long).serverRate, { locustRps: 20, serverRps: 20, gapPct: 0, flagged: false, windowS: 60 });
  });

  test('3 -> 5 -> 2 then ++++: the load level stays the first, the scale-ups count, the later change is mentioned', () => {
    const s = [
      ...Array.from({ length: 5 }, (_, i) => sample(i * 2, Math.min(4, i * 2), 3, { requestedUsers: 4 })),
      sample(10, 4, 5, { requestedUsers: 4 }), sample(12, 4, 5, { requestedUsers: 4 }), sample(14, 4, 5, { requestedUsers: 4 }),
      sample(16, 4, 2, { requestedUsers: 4 }), sample(18, 4, 2, { requestedUsers: 4 }),
      sample(20, 12, 2, { requestedUsers: 29 }), sample(22, 29, 2, { requestedUsers: 29 }), sample(24, 29, 2, { requestedUsers: 29 }),
    ];
    const f = scalingFigures(s);
    assert.equal(f.loadLevelUsers, 4);
    assert.equal(f.loadLevelAt, '2026-12-01T13:18:04.000Z');
    assert.equal(f.toFirstScaleUpS, 6);
    assert.deepEqual(f.laterLoadChanges, [{ at: '2026-12-01T13:18:20.000Z', users: 29 }]);
    const rows = Object.fromEntries(figureRows(f));
    assert.equal(rows['Load level'], '4 users at 13:18:04 UTC; later asked for 29 users at 13:18:20');
    assert.equal(rows['Load level to the first scale-up'], '6 s');
    assert.match(scalingSummaryLine(f), /then 29 users 13:18:20/);
  });

  test('a scale during the ramp is never reported as "no scale-up"', () => {
    const s = [sample(0, 1, 3, { requestedUsers: 4 }), sample(2, 2, 5, { requestedUsers: 4 }), sample(4, 4, 5, { requestedUsers: 4 }), sample(6, 4, 5, { requestedUsers: 4 })];
    const rows = Object.fromEntries(figureRows(scalingFigures(s)));
    assert.match(rows['Load level to the first scale-up']!, /^none after the load level \(1 scale event before it/);
  });

  test('the launch at 3 replicas is not a scale-up and local has no +node; a real change is', () => {
    const unknown = (t: number): TimelineSample => ({ ...sample(t, 0, 0), targets: [], nodes: 0, readyNodes: 0 });
    // the first samples before the first view, and a failed read in between
    const s = [unknown(0), unknown(2), sample(4, 0, 3), unknown(6), sample(8, 0, 3), sample(10, 2, 5)];
    assert.deepEqual(scaleEvents(s).map((e) => e.label), ['↑5']);
  });

  test('at 80 columns a brief 3 -> 5 -> 2 keeps its peak and its marks', () => {
    // 10 minutes at 3, then 6 s at 5, 6 s at 2, back to 3: 300+ samples into 20 points
    const s = [
      ...Array.from({ length: 150 }, (_, i) => sample(i * 2, 4, 3)),
      sample(300, 4, 5), sample(302, 4, 5), sample(304, 4, 5),
      sample(306, 4, 2), sample(308, 4, 2), sample(310, 4, 2),
      ...Array.from({ length: 150 }, (_, i) => sample(312 + i * 2, 4, 3)),
    ];
    const narrow = timelineSeries(s, 20);
    assert.equal(Math.max(...narrow.desired), 5, 'the peak survives downsampling');
    assert.equal(Math.max(...narrow.ready), 5);
    assert.deepEqual(narrow.marks.map((m) => m.label), ['↑5', '↓2', '↑3']);
  });

  test('a demo process that died and was replaced: a restarts column in scaling.csv and an event in the report', () => {
    const stats = (exits: number) => ({ served: 10, inFlight: 0, replicas: 2, processes: [{ pid: 11, served: 5, inFlight: 0 }, { pid: exits ? 13 : 12, served: 5, inFlight: 0 }], exits: exits ? [{ at: T0 + 4000, pid: 12, signal: 'SIGKILL', replacedBy: 13 }] : [] });
    const s = [0, 2, 4, 6].map((t) => timelineSample(T0 + t * 1000, { users: 2, rps: 4, requestedUsers: 2 }, localTargetView(stats(t >= 4 ? 1 : 0), { desired: 2, startedAt: T0, now: T0 + t * 1000 })));
    const csv = scalingCsv(s).trim().split('\n');
    assert.equal(csv[0]!.split(',').at(-1), 'restarts');
    assert.deepEqual(csv.slice(1).map((row) => row.split(',').at(-1)), ['0', '0', '1', '1']);
    assert.match(scalingSection(s, scalingFigures(s)), /<td>13:18:04<\/td><td>\+4 s<\/td><td>replica restarts 0 → 1<\/td>/);
  });
});
