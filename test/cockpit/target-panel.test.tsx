// The Target tab on scripted TargetViews: what an SRE reads off it at 80x24 and 200x60.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { fixtureSnapshot } from '../support/fixtures.js';
import { baseState, renderCockpit, type Cockpit } from '../support/ink.js';
import { pendingAtMaxView, scalingStory, scalingTimeline } from '../support/target-views.js';

const running = fixtureSnapshot('2.46.3-stats-running.json');
let cockpit: Cockpit | null = null;
afterEach(() => {
  cockpit?.unmount();
  cockpit = null;
});

const widest = (frame: string): number => Math.max(...frame.split('\n').map((line) => [...line].length));

describe('Target tab (a)', () => {
  it('80x24: replicas, the HPA at max, the Pending pod and why; the header warns', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running, target: pendingAtMaxView(), timeline: scalingTimeline() }, columns: 80, rows: 24 });
    await cockpit.press('a');
    const frame = await cockpit.waitFor('[Target 2/6');
    // at 80 columns the header's third line is the swarm's numbers; the target's answer follows as far as it fits
    assert.match(frame.split('\n')[2]!, /RUNNING .* · target/);
    assert.match(frame, /web 2\/4 ready · 4 updated · 2 available/);
    assert.match(frame, /HPA web min 2 max 6 current 4 → desired 6 AT MAX/);
    assert.match(frame, /web-abc-3 {2}Pending {2}not ready {2}— {2}0 restarts {2}2m00s · Unschedulable: 0\/2 nodes/);
    // the timeline in three charts of 26 columns: the short legend, the scale-up marked under
    // each at the same point, the axis' start time under the first
    assert.match(frame, /RPS ── locust +p95 ms ── p95 +Pods ──want ··ready \+\+node\n/);
    const under = frame.split('\n').find((line) => line.startsWith('09:11:00'));
    assert.ok(under, `the start time under the charts:\n${frame}`);
    assert.deepEqual([...under.matchAll(/↑6/g)].map((m) => m.index % 27), [15, 15, 15]);
    assert.ok(widest(frame) <= 80, `a line is wider than 80:\n${frame}`);
  });

  it('200x60: the timeline (RPS, p95, replicas on one axis, the scale-up marked), pods and events newest first', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running, target: pendingAtMaxView(), timeline: scalingTimeline() }, columns: 200, rows: 60 });
    await cockpit.press('a');
    const frame = await cockpit.waitFor('Replicas');
    for (const text of ['RPS', 'p95 ms', 'desired', 'ready', '↑6', 'web-abc-1', 'cpu 85%/50%']) assert.ok(frame.includes(text), `${text} in\n${frame}`);
    const lines = frame.split('\n');
    const rescale = lines.findIndex((line) => line.includes('SuccessfulRescale'));
    const scaleUp = lines.findIndex((line) => line.includes('TriggeredScaleUp'));
    assert.ok(scaleUp >= 0 && rescale > scaleUp, 'events newest first');
    // the Pending pod comes first among the pods
    assert.ok(lines.findIndex((line) => line.includes('web-abc-3')) < lines.findIndex((line) => line.includes('web-abc-1')));
    assert.ok(widest(frame) <= 200);
    // the chart uses the width: its plot rows run past the middle of the screen
    assert.ok(lines.some((line) => /[╭╮╰╯─]/.test(line.slice(140))), 'the replicas chart reaches the right side');
  });

  it("200x60, issue 14's story: the HPA asks for 6, a node joins; both marked under RPS, p95 and the replicas with their nodes", async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running, target: pendingAtMaxView(), timeline: scalingStory() }, columns: 200, rows: 60 });
    await cockpit.press('a');
    const frame = await cockpit.waitFor('Replicas ── desired ·· ready ++ nodes');
    const under = frame.split('\n').find((line) => line.startsWith('09:10:00'))!;
    // 61 samples on 57 points per chart: the same columns in each of the three
    const at = (label: string): number[] => [...under.matchAll(new RegExp(label.replace('+', '\\+'), 'g'))].map((m) => m.index % 67);
    assert.deepEqual(at('↑6'), [19, 19, 19]);
    assert.deepEqual(at('+node'), [48, 48, 48]);
    assert.ok(widest(frame) <= 200);
  });

  it("Prometheus: the server's rate beside Locust's, the gap flagged; a failing query shows its error", async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running, target: pendingAtMaxView(), serverSample: { at: running.at, rate: 50 } }, columns: 100, rows: 30 });
    await cockpit.press('a');
    await cockpit.waitFor(/server 50\.0\/s vs Locust 84\.0\/s \(-40%\) ⚠ gap/);
    // the optional latency and error-rate queries follow on the same line
    cockpit.dispatch({ type: 'prometheus/sample', sample: { at: running.at, rate: 83, latency: 118.6, errors: 0.5 } });
    await cockpit.waitFor(/server 83\.0\/s vs Locust 84\.0\/s \(-1%\) · latency 119 ms · errors 0\.50\/s\n/);
    cockpit.dispatch({ type: 'prometheus/sample', sample: { at: running.at, error: 'rate: Prometheus: bad_data: 1:5: parse error' } });
    await cockpit.waitFor('Prometheus: rate: Prometheus: bad_data');
  });

  it('without a target the tab says how to name one', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), platform: 'kube' }, columns: 80, rows: 24 });
    await cockpit.press('a');
    await cockpit.waitFor('no target: name one with --target-deployment NAME');
  });
});

describe('the header at 200 columns', () => {
  it('carries the one-line answer whole: ready/desired and why pods are Pending', async () => {
    cockpit = await renderCockpit({ state: { ...baseState(), locust: running, target: pendingAtMaxView(), timeline: scalingTimeline() }, columns: 200, rows: 60 });
    const frame = await cockpit.waitFor('RUNNING');
    assert.match(frame.split('\n')[2]!, /· target web 2\/6 ready ⚠ 1 Pend/);
  });
});
