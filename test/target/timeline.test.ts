import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { scalingCsv, scalingFigures, scalingSummaryLine, timelineSample, timelineSeries, type TimelineSample } from '../../src/target/timeline.js';
import { localTargetView } from '../../src/target/local.js';

const T0 = Date.parse('2026-12-01T09:10:00Z');

/**
 * The story of issue 14: p95 rose, the HPA asked for 6, 2 stayed Pending until a node joined.
 * One sample every 5 s for 5 minutes; users ramp to 200 in 20 s; the HPA scales 2 -> 6 at 55 s
 * (and is then at its max); 2 new pods start at once, 2 stay Pending until a node is ready at
 * 210 s and run at 230 s.
 */
function story(): TimelineSample[] {
  const out: TimelineSample[] = [];
  for (let t = 0; t <= 300; t += 5) {
    const users = Math.min(200, t * 10);
    const desired = t >= 55 ? 6 : 2;
    const ready = t >= 230 ? 6 : t >= 70 ? 4 : 2;
    const pending = t >= 55 && t < 230 ? (t < 70 ? 4 : 2) : 0;
    out.push({
      at: T0 + t * 1000,
      users,
      rps: users * 2,
      p95Ms: t >= 40 && t < 230 ? 900 : 120,
      targets: [{ name: 'web', desired, ready }],
      pending,
      nodes: t >= 200 ? 3 : 2,
      readyNodes: t >= 210 ? 3 : 2,
      atMax: t >= 55,
      oldestPendingS: pending ? t - 55 : 0,
      ...(t >= 10 ? { serverRps: users * 2 - 1 } : {}),
    });
  }
  return out;
}

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
    });
    assert.equal(scalingSummaryLine(f), 'load at 200 users 09:10:20 · first scale-up after 35 s · all ready after 3m30s · new node after 3m10s · 4m05s at max · longest Pending 2m50s');
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
    const s = timelineSample(T0, { users: 10, rps: 5.5, p95Ms: 30 }, view, { at: T0, rate: 5.2 });
    assert.deepEqual(s, { at: T0, users: 10, rps: 5.5, p95Ms: 30, targets: [{ name: 'demo-target', desired: 4, ready: 2 }], pending: 0, nodes: 1, readyNodes: 1, atMax: false, oldestPendingS: 0, serverRps: 5.2 });
  });
});
