// `d` and `D` in the cockpit at 80x24 with the real eks platform: the fixture stack under the real
// terraform, moto for AWS, a loopback what-is-my-IP double. The deploy question carries the cost
// and the API allow-list; the provisioning panel shows done/planned, the resource in progress
// with its elapsed time, and a failure's diagnostic with its detail and the next step; R retries
// after the cause is fixed; D destroys with the panel on screen and leaves nothing in moto.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { render } from 'ink-testing-library';
import React from 'react';
import { EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { App, type CockpitActions } from '../../src/cockpit/App.js';
import { activeKeymap } from '../../src/cockpit/keymap.js';
import { createEksPlatform } from '../../src/platforms/eks/index.js';
import { Session } from '../../src/session/session.js';
import { initialState } from '../../src/state/state.js';
import { createStore, type Store } from '../../src/state/store.js';
import { KEYS } from '../support/ink.js';
import { repoRoot } from '../support/cli.js';
import { motoForTests } from '../support/moto.js';
import { eventually } from '../support/wait.js';

const FIXTURES = path.join(repoRoot, 'test', 'eks', 'fixtures');
const NAME = 'ltop-panel';
const REGION = 'eu-central-1';

describe('the cockpit provisions and destroys an EKS stack (real terraform, moto, 80x24)', () => {
  const moto = motoForTests();
  let store: Store;
  let session: Session;
  let instance: ReturnType<typeof render>;
  let failFile: string;
  let closeIp: () => void;
  let destroyed: Promise<boolean> | undefined;

  const frame = (): string => instance.lastFrame() ?? '';
  const waitFrame = (pattern: RegExp, what: string, timeoutMs = 30_000): Promise<string> => eventually(() => (pattern.test(frame()) ? frame() : null), `${what}; last frame:\n${frame()}`, timeoutMs, 25);
  const press = async (...keys: string[]): Promise<void> => {
    for (const key of keys) {
      instance.stdin.write(key);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const fitsTheScreen = (text: string): void => {
    const lines = text.split('\n');
    assert.ok(lines.length <= 24, `${lines.length} lines:\n${text}`);
    for (const line of lines) assert.ok([...line].length <= 80, `wider than 80: ${line}`);
  };

  before(async () => {
    const ip = createServer((_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('203.0.113.7\n'));
    await new Promise<void>((resolve) => ip.listen(0, '127.0.0.1', resolve));
    closeIp = () => ip.close();
    const stackDir = mkdtempSync(path.join(tmpdir(), 'ltop-eks-panel-'));
    cpSync(path.join(FIXTURES, 'stack'), stackDir, { recursive: true });
    const varFile = path.join(stackDir, 'panel.tfvars');
    writeFileSync(varFile, `region = "${REGION}"\nname = "${NAME}"\n`);
    failFile = path.join(stackDir, 'quota-exceeded');
    const env = {
      ...process.env,
      ...moto().env,
      LTOP_MY_IP_URL: `http://127.0.0.1:${(ip.address() as AddressInfo).port}`,
      TF_VAR_ltop_node: process.execPath,
      TF_VAR_moto_script: path.join(FIXTURES, 'moto-cluster.mjs'),
      TF_VAR_fail_file: failFile,
      TF_VAR_sleep_seconds: '3',
    };
    store = createStore(initialState({ platform: 'eks', where: 'eks', scenario: 'jsonplaceholder', targetHost: '', expectedWorkers: 2, lastSwarm: { users: 2, spawnRate: 2 }, now: Date.now() }), 1000, 0);
    const noCluster = async (): Promise<never> => {
      throw new Error('no Kubernetes API in this test');
    };
    const platform = createEksPlatform({ stackDir, varFile, env, connect: noCluster, orphanSettleMs: 2_000 }, (event) => store.dispatch(event));
    session = new Session({ platform, store, scenario: { kind: 'bundled', name: 'jsonplaceholder' }, resultsRoot: mkdtempSync(path.join(tmpdir(), 'ltop-eks-panel-results-')), ltopVersion: 'test' });
    const actions: CockpitActions = {
      swarm: () => undefined, stepUsers: () => undefined, stop: () => undefined, scaleWorkers: () => undefined, switchScenario: () => undefined, reset: () => undefined, quit: () => undefined,
      provision: () => void session.provision(),
      teardown: () => void (destroyed = session.destroyInfra()),
    };
    instance = render(<App store={store} keymap={activeKeymap(false)} actions={actions} scenarios={['jsonplaceholder']} readonly={false} color={false} keys />);
    Object.defineProperty(instance.stdout, 'columns', { value: 80, configurable: true });
    Object.defineProperty(instance.stdout, 'rows', { value: 24, configurable: true });
    instance.stdout.emit('resize');
    // as the cockpit's composition does at start: no stack yet, the cost and the API allow-list for `d`
    assert.equal(await session.start(), false);
    store.dispatch({ type: 'session/infra-estimate', text: `$0.39/h in ${REGION}` });
    store.dispatch({ type: 'session/infra-terms', text: (await platform.infra.terms!()).short });
  });

  after(() => {
    instance?.unmount();
    store?.close();
    closeIp?.();
  });

  it('d asks with the cost and the API allow-list; a failed apply shows its diagnostic, detail and next step; R retries', async () => {
    writeFileSync(failFile, 'the quota is exceeded until this file goes');
    await press('d');
    const question = await waitFrame(/API from 203\.0\.113\.7\/32\? \[y\/N\]/, 'the deploy question');
    // shortened to fit 80 columns: the name, the cost per hour until D, who may reach the API;
    // no stack yet reads UNDEPLOYED, not ERROR
    assert.match(question, /Create ltop-panel, ~\$0\.39\/h until D, API from 203\.0\.113\.7\/32\? \[y\/N\]/);
    assert.match(question, / UNDEPLOYED /);
    fitsTheScreen(question);
    await press('y');
    const failed = await waitFrame(/next: fix the cause above/, 'the failed run');
    fitsTheScreen(failed);
    assert.match(failed, /provision · failed · 0\/3 0%/);
    assert.match(failed, /error: local-exec provisioner error \[terraform_data\.network/);
    assert.match(failed, /network refused: quota exceeded/, 'the diagnostic\'s detail');
    assert.match(failed, /✗ terraform apply failed: local-exec provisioner error/);
    assert.match(failed, /next: fix the cause above, then press R to retry/);
    assert.match(failed, /what exists now:\s+│\s+│\s+terraform_data\.network \(tainted/, 'what the state holds after the failure');
    assert.match(failed.split('\n').at(-1)!, / R retry /, 'the footer offers the retry');
    // the clock stopped at the failure: seconds later the panel shows the same time
    const took = (text: string): string | undefined => /provision · failed · [^·]+· (\d\d:\d\d)/.exec(text)?.[1];
    const stopped = took(failed);
    const endedAt = store.getState().infraRun?.endedAt ?? 0;
    await eventually(() => store.getState().now >= endedAt + 2_500 && took(frame()) !== undefined, 'the cockpit clock to move on past the failure', 20_000, 50);
    assert.equal(took(frame()), stopped, frame());

    rmSync(failFile);
    await press('R');
    const running = await waitFrame(/now: (creating|replacing|destroying) terraform_data\.network 00:0\d/, 'the resource in progress with its elapsed time');
    fitsTheScreen(running);
    assert.match(running, /provision · running · \d\/\d+ \d+%/);
    await eventually(() => store.getState().infraRun?.outcome === 'done', 'the retried provision to finish', 60_000, 50);
    await waitFrame(/no Kubernetes API in this test/, 'the deploy after the stack (this test has no cluster to deploy into)');
    assert.doesNotMatch(frame(), /provision · /, 'the panel gives way once the stack is up');
    const eks = new EKSClient({ region: REGION });
    assert.deepEqual((await eks.send(new ListClustersCommand({}))).clusters, [NAME]);
    eks.destroy();
  });

  it('D: type the cluster name, the destroy runs in the panel, and the orphan check finds nothing', async () => {
    await press('D');
    await waitFrame(/Type ltop-panel and Enter/, 'the typed confirmation');
    await press(...NAME, KEYS.enter);
    const running = await waitFrame(/destroy · running/, 'the destroy in the panel');
    fitsTheScreen(running);
    await eventually(() => destroyed !== undefined, 'the destroy to start');
    assert.equal(await destroyed, true, store.getState().status?.message);
    assert.equal(store.getState().infraRun?.outcome, 'done');
    assert.match(store.getState().infraRun?.last ?? '', /^nothing left in AWS for stack ltop-panel/);
    const eks = new EKSClient({ region: REGION });
    assert.deepEqual((await eks.send(new ListClustersCommand({}))).clusters, []);
    eks.destroy();
  });
});
