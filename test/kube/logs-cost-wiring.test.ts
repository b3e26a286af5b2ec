// The kube platform's pod logs and cost meter reaching the cockpit's state, against the test API
// server (pods/log, Node objects): master and worker lines parsed into level, source, message;
// no meter on nodes without AWS labels; a priced one (and --budget's breach) on nodes with them.
// And `ltop logs` (the built CLI) reading the same pods.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { createKubePlatform } from '../../src/platforms/kube/index.js';
import type { Platform, PlatformEvent } from '../../src/platforms/platform.js';
import { reduce } from '../../src/state/reducer.js';
import { initialState, type State } from '../../src/state/state.js';
import { cliEntry } from '../support/cli.js';
import { podLogs as podLogBook } from '../support/kube-api/logs.js';
import { type Cluster, OVERLAY, startCluster, waitFor } from './helpers.js';

const JSON_LINE = (message: string, level: string, role: string): string =>
  JSON.stringify({ time: new Date().toISOString(), level, run_id: 'r-1', role, worker_id: null, scenario: 'smoke', host: 'pod', logger: 'locust.runners', message });

/** a cockpit state fed by one platform's events, as the session feeds the store */
class StateOf {
  state: State = { ...initialState({ platform: 'kube', where: 'kube', scenario: 'smoke', targetHost: '', expectedWorkers: 2, lastSwarm: { users: 1, spawnRate: 1 }, now: Date.now() }), confirmName: 'ltop' };
  readonly events: PlatformEvent[] = [];
  readonly emit = (event: PlatformEvent): void => {
    this.events.push(event);
    this.state = reduce(this.state, event);
  };
}

describe('kube platform: pod logs and the cost meter in the state', () => {
  let c: Cluster;
  const platforms: Platform[] = [];
  const make = (into: StateOf, extra: Parameters<typeof createKubePlatform>[0] extends infer O ? Partial<O> : never = {}): Platform => {
    const p = createKubePlatform({ kubeconfigPath: c.kubeconfig, overlayDir: OVERLAY, readyTimeoutMs: 15_000, backoff: { minMs: 50, maxMs: 500 }, ...extra }, into.emit);
    platforms.push(p);
    return p;
  };
  const pods = (): string[] => c.server.store.list({ group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true } as never).map((p) => String((p.metadata as { name: string }).name));

  before(async () => {
    c = await startCluster();
  });
  after(async () => {
    for (const p of platforms) await p.detach();
    await c?.close();
  });

  it('streams the master and worker pod logs into the Logs panel; no meter without AWS node labels', async () => {
    const into = new StateOf();
    const platform = make(into);
    await platform.start({ kind: 'bundled', name: 'smoke' });
    const book = podLogBook(c.server);
    const master = await waitFor('the master pod', () => pods().find((p) => p.startsWith('ltop-master-')));
    const workers = await waitFor('two worker pods', () => { const w = pods().filter((p) => p.startsWith('ltop-worker-')); return w.length === 2 ? w : undefined; });
    await waitFor('following every pod', () => [master, ...workers].every((p) => book.followers('ltop', p) === 1));
    book.write('ltop', master, '[2026-12-01 09:12:16,694] ltop-master/INFO/locust.main: Starting Locust 2.47.0');
    book.write('ltop', workers[0]!, JSON_LINE('custom scenario: set LTOP_API_TOKEN', 'ERROR', 'worker'));
    await waitFor('both lines in the state', () => into.state.logs.some((l) => l.source === workers[0]) && into.state.logs.some((l) => l.source === master && l.line === 'Starting Locust 2.47.0'));
    const error = into.state.logs.find((l) => l.source === workers[0])!;
    assert.deepEqual([error.level, error.logger, error.line], ['ERROR', 'locust.runners', 'custom scenario: set LTOP_API_TOKEN']);
    assert.equal(into.state.logs.find((l) => l.source === master && l.line.startsWith('Starting'))?.level, 'INFO');
    // a worker container that restarts: its stream ends and is reopened from the last line
    c.server.controllers.restartPod('ltop', workers[1]!);
    await waitFor('the restarted worker followed again', async () => {
      if (book.followers('ltop', workers[1]!) !== 1) return false;
      book.write('ltop', workers[1]!, JSON_LINE('after the restart', 'WARNING', 'worker'));
      return true;
    });
    await waitFor('its line in the state', () => into.state.logs.some((l) => l.source === workers[1] && l.level === 'WARNING' && l.line === 'after the restart'));
    await waitFor('no cost line said why', () => into.state.logs.some((l) => /no cost meter: the nodes carry no AWS instance-type label/.test(l.line)));
    assert.equal(into.state.cost, null, 'no figure without a price source');
    assert.ok(!into.events.some((e) => e.type === 'cost/snapshot'));
    await platform.detach();
    await waitFor('streams closed on detach', () => [master, ...workers].every((p) => book.followers('ltop', p) === 0));
  });

  it('on nodes with AWS labels: $/h from their instance types, and --budget reached asks to tear down', async () => {
    const node = (name: string, type: string, capacity: string): object => ({
      apiVersion: 'v1', kind: 'Node',
      metadata: { name, labels: { 'node.kubernetes.io/instance-type': type, 'topology.kubernetes.io/region': 'us-east-1', 'topology.kubernetes.io/zone': 'us-east-1a', 'eks.amazonaws.com/capacityType': capacity } },
    });
    const applied = await c.kubectl(['apply', '--validate=false', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [node('ip-10-0-1-1.ec2.internal', 't3.medium', 'ON_DEMAND'), node('ip-10-0-1-2.ec2.internal', 't3.medium', 'ON_DEMAND')] }) });
    assert.equal(applied.exitCode, 0, applied.stderr);
    const into = new StateOf();
    await make(into, { cost: { budget: 0.000001, plannedEnd: Date.now() + 3_600_000 } }).start({ kind: 'bundled', name: 'smoke' });
    await waitFor('a cost snapshot in the state', () => into.state.cost);
    // two t3.medium on-demand in us-east-1: 2 x $0.0416
    assert.equal(into.state.cost!.perHour.toFixed(4), '0.0832');
    assert.ok(into.state.cost!.projected! >= 0.0832 * 0.99 && into.state.cost!.projected! < 0.1, `about one hour more: ${into.state.cost!.projected}`);
    assert.equal(into.state.cost!.budget?.level, 'breach');
    assert.deepEqual(into.state.ui.overlay.kind === 'confirm' ? [into.state.ui.overlay.question.startsWith('budget reached: stop the test and tear down?'), into.state.ui.overlay.action] : null, [true, { kind: 'teardown' }]);
  });

  it('ltop logs reads the same pods (the built CLI, --filter)', async () => {
    const master = pods().find((p) => p.startsWith('ltop-master-'))!;
    podLogBook(c.server).write('ltop', master, JSON_LINE('All users spawned', 'INFO', 'master'));
    const r = await execa(process.execPath, [cliEntry, 'logs', '--kubeconfig', c.kubeconfig, '--since', '1h', '--filter', 'all users'], { reject: false, timeout: 20_000, env: { NO_COLOR: '1' } });
    assert.equal(r.exitCode, 0, String(r.stderr));
    assert.match(String(r.stdout), new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ${master} INFO +locust\\.runners: All users spawned$`, 'm'));
  });
});
