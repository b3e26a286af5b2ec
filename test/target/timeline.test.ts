import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { scalingCsv, scalingFigures, scalingSummaryLine, timelineSample, timelineSeries, type TimelineSample } from '../../src/target/timeline.js';
import { localTargetView } from '../../src/target/local.js';
import { STORY_T0 as T0, scalingStory as story } from '../support/target-views.js';


describe('scaling timeline', () => {
  test('figures: load level -> first scale-up, all ready, new node; time at max; longest Pending', () => {
    const f = scalingFigures(story());
    assert.deepEqual(f, {
      loadLevelAt: '2026-12-01T09:10:20.000Z',
      loadLevelUsers: 200,
      toFirstScaleUpS: 35,
      toAllReadyS: 210,
      toNewNodeReadyS: 190,
      timeAtMaxS: 245,
      longestPendingS: 170,
      maxDesired: 6,
      maxReady: 6,
      maxNodes: 3,
      serverRate: { locustRps: 400, serverRps: 399, gapPct: 0, flagged: false },
    });
    assert.equal(scalingSummaryLine(f), 'load at 200 users 09:10:20 · first scale-up after 35 s · all ready after 3m30s · new node after 3m10s · 4m05s at max · longest Pending 2m50s · server 399.0/s vs Locust 400.0/s (0%)');
    // what the app counted against what Locust sent: a large gap is flagged
    const lossy = scalingFigures(story().map((x) => (x.serverRps === undefined ? x : { ...x, serverRps: x.rps * 0.6 })));
    assert.deepEqual(lossy.serverRate, { locustRps: 400, serverRps: 240, gapPct: -40, flagged: true });
    assert.match(scalingSummaryLine(lossy), / · server 240\.0\/s vs Locust 400\.0\/s \(-40%\) ⚠ gap$/);
    assert.equal(scalingFigures(story().map(({ serverRps: _s, ...rest }) => rest)).serverRate, undefined, 'no Prometheus, no server figures');
    const flat = scalingFigures(story().map((s) => ({ ...s, targets: [{ name: 'web', desired: 2, ready: 2 }], atMax: false, readyNodes: 2, oldestPendingS: 0 })));
    assert.equal(flat.toFirstScaleUpS, undefined);
    assert.equal(flat.toAllReadyS, undefined);
    assert.equal(scalingFigures([]).loadLevelAt, undefined);
  });

  test('scaling.csv: one row per sample, per-target columns, the server-side rate when configured', () => {
    const csv = scalingCsv(story());
    const lines = csv.trimEnd().split('\n');
    assert.equal(lines.length, 1 + 61);
    assert.equal(lines[0], 'time,elapsed_s,users,rps,p95_ms,web_desired,web_ready,pending_pods,nodes,ready_nodes,at_max,server_rps');
    assert.equal(lines[1], '2026-12-01T09:10:00.000Z,0,0,0,120,2,2,0,2,2,0,');
    assert.equal(lines[1 + 11], '2026-12-01T09:10:55.000Z,55,200,400,900,6,2,4,2,2,1,399');
    assert.equal(lines.at(-1), '2026-12-01T09:15:00.000Z,300,200,400,120,6,6,0,3,3,1,399');
    assert.doesNotMatch(scalingCsv(story().map(({ serverRps: _s, ...rest }) => rest)), /server_rps/);
    // the optional server-side latency and error rate, each a column when any sample has it
    const more = scalingCsv(story().map((x, i) => ({ ...x, serverLatencyMs: 12.34, ...(i > 1 ? { serverErrors: 0.456 } : {}) }))).split('\n');
    assert.match(more[0]!, /,at_max,server_rps,server_latency_ms,server_errors$/);
    assert.match(more[1]!, /,0,,12\.3,$/);
    assert.match(more[3]!, /,199,12\.3,0\.46$/);
  });

  test('chart series fit the width and carry the scale marks', () => {
    const narrow = timelineSeries(story(), 20);
    assert.equal(narrow.rps.length, 20);
    assert.equal(narrow.desired.at(-1), 6);
    assert.deepEqual(narrow.marks.map((m) => m.label), ['↑6', '+node']);
    const wide = timelineSeries(story(), 200);
    assert.equal(wide.rps.length, 61, 'never more points than samples');
    assert.deepEqual(wide.marks, [{ index: 11, label: '↑6' }, { index: 42, label: '+node' }]);
  });

  test('a sample from the sources of the moment', () => {
    const view = localTargetView({ served: 1, inFlight: 0, replicas: 2, processes: [{ pid: 1, served: 1, inFlight: 0 }, { pid: 2, served: 0, inFlight: 0 }] }, { desired: 4, startedAt: T0, now: T0 });
    const s = timelineSample(T0, { users: 10, rps: 5.5, p95Ms: 30 }, view, { at: T0, rate: 5.2, latency: 41, errors: 0.1 });
    assert.deepEqual(s, { at: T0, users: 10, rps: 5.5, p95Ms: 30, targets: [{ name: 'demo-target', desired: 4, ready: 2 }], pending: 0, nodes: 1, readyNodes: 1, atMax: false, oldestPendingS: 0, serverRps: 5.2, serverLatencyMs: 41, serverErrors: 0.1 });
  });
});
