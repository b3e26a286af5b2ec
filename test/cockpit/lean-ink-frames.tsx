// Child process of lean-ink.test.ts: a fresh module graph, so that the resolve hooks (or their
// absence, LEAN=0) apply to Ink as the cockpit loads it. Draws the cockpit through a run's polls
// and prints the frames and the memos' hit counts as JSON.
import { leanInk } from '../../src/app/lean-ink.js';
import { memoStats } from '../../src/render/memo-text.js';

if (process.env['LEAN'] !== '0') leanInk();
const React = (await import('react')).default;
const { render } = await import('ink-testing-library');
const { App } = await import('../../src/cockpit/App.js');
const { activeKeymap } = await import('../../src/cockpit/keymap.js');
const { createStore } = await import('../../src/state/store.js');
const { baseState, recordingActions } = await import('../support/ink.js');
const { fixtureSnapshot } = await import('../support/fixtures.js');
const { eventually } = await import('../support/wait.js');

const running = fixtureSnapshot('2.47.0-stats-running.json');
const store = createStore(baseState({ locust: running }), 1000, 0);
const instance = render(<App store={store} keymap={activeKeymap(false)} actions={recordingActions([])} scenarios={['jsonplaceholder']} readonly={false} color keys={false} />);
const frames: string[] = [];
await eventually(() => (instance.lastFrame() ?? '').includes('Throughput'), 'the first frame');
for (let poll = 1; poll <= 12; poll++) {
  const requests = running.total.requests + poll * 9;
  store.dispatch({ type: 'locust/snapshot', snapshot: { ...running, at: running.at + poll * 2000, rps: 10 + (poll % 4), currentP95: 20 + poll, total: { ...running.total, requests } } });
  store.flush();
  // each poll's frame is the one that shows its request count
  frames.push(await eventually(() => ((instance.lastFrame() ?? '').includes(`${requests} requests`) ? instance.lastFrame()! : null), `the frame of poll ${poll}`));
}
instance.unmount();
store.close();
process.stdout.write(JSON.stringify({ frames, memos: Object.fromEntries(memoStats) }));
