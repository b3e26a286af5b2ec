// Pod logs through the Kubernetes API: the test API server's pods/log proven with the real
// `kubectl logs` (tail, since, timestamps, -f until the pod goes), then ltop's follower on it:
// master and workers, pods that come and go.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { connect } from '../../src/platforms/kube/config.js';
import { podLogs } from '../../src/logs/kube-pod-logs.js';
import { runLogs } from '../../src/logs/run-logs.js';
import type { LogLine } from '../../src/logs/line.js';
import { podLogs as podLogBook } from '../support/kube-api/logs.js';
import { type Cluster, OVERLAY, startCluster, waitFor } from '../kube/helpers.js';

const render = (dir: string): string => execFileSync('/usr/bin/kubectl', ['kustomize', dir], { encoding: 'utf8' });
const JSON_LINE = (msg: string, level = 'INFO'): string => JSON.stringify({ time: new Date().toISOString(), level, run_id: 'r-7', role: 'worker', worker_id: 'w_1', logger: 'locust.runners', message: msg });

describe('pod logs', () => {
  let c: Cluster;
  let pods: () => Promise<string[]>;
  before(async () => {
    c = await startCluster();
    const r = await c.kubectl(['apply', '--server-side', '-f', '-'], { input: render(OVERLAY) });
    assert.equal(r.exitCode, 0, r.stderr);
    pods = async () => (await c.kubectl(['get', 'pods', '-n', 'ltop', '-o', 'jsonpath={range .items[?(@.status.phase=="Running")]}{.metadata.name}{"\\n"}{end}'])).stdout.split('\n').filter(Boolean);
    await waitFor('3 running pods', async () => (await pods()).length === 3);
  });
  after(async () => {
    await c.close();
  });

  it('kubectl logs reads what the container printed, with --tail, --since and --timestamps', async () => {
    const [pod] = (await pods()).filter((p) => p.startsWith('ltop-master-'));
    const book = podLogBook(c.server);
    book.write('ltop', pod!, '[2026-12-01 09:00:00,000] m/INFO/locust.main: an hour ago', { at: Date.now() - 3_600_000 });
    book.write('ltop', pod!, '[2026-12-01 10:00:00,000] m/INFO/locust.main: Starting web interface', { at: Date.parse('2026-12-01T10:00:00.123Z') + 0 });
    book.write('ltop', pod!, 'now');
    const all = await c.kubectl(['logs', '-n', 'ltop', pod!]);
    assert.equal(all.exitCode, 0, all.stderr);
    assert.equal(all.stdout, '[2026-12-01 09:00:00,000] m/INFO/locust.main: an hour ago\n[2026-12-01 10:00:00,000] m/INFO/locust.main: Starting web interface\nnow', 'execa strips the last newline');
    assert.equal((await c.kubectl(['logs', '-n', 'ltop', pod!, '--tail=1'])).stdout, 'now');
    assert.doesNotMatch((await c.kubectl(['logs', '-n', 'ltop', pod!, '--since=10m'])).stdout, /an hour ago/);
    const stamped = (await c.kubectl(['logs', '-n', 'ltop', pod!, '--timestamps', '--tail=2'])).stdout.split('\n');
    assert.match(stamped[0]!, /^2026-12-01T10:00:00\.123000000Z \[2026-12-01 10:00:00,000\] m\/INFO\/locust\.main: Starting web interface$/);
    const missing = await c.kubectl(['logs', '-n', 'ltop', 'ltop-worker-nope']);
    assert.notEqual(missing.exitCode, 0);
    assert.match(missing.stderr, /pods "ltop-worker-nope" not found/);
    const wrong = await c.kubectl(['logs', '-n', 'ltop', pod!, '-c', 'sidecar']);
    assert.match(wrong.stderr, /container sidecar is not valid for pod ltop-master-/);
  });

  it('kubectl logs -f streams new lines and ends when the pod is deleted', async () => {
    const [pod] = (await pods()).filter((p) => p.startsWith('ltop-worker-'));
    const book = podLogBook(c.server);
    const child = spawn('/usr/bin/kubectl', ['--kubeconfig', c.kubeconfig, 'logs', '-f', '-n', 'ltop', pod!]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await waitFor('kubectl following', () => book.followers('ltop', pod!) === 1);
    book.write('ltop', pod!, 'first while following');
    book.write('ltop', pod!, 'second while following');
    await waitFor('both lines', () => out === 'first while following\nsecond while following\n');
    const del = await c.kubectl(['delete', 'pod', '-n', 'ltop', pod!, '--wait=false']);
    assert.equal(del.exitCode, 0, del.stderr);
    assert.equal(await exited, 0, 'kubectl logs -f exits when the stream ends');
  });

  it("ltop's follower reads master and workers, picks up a new pod and lets a deleted one go", async () => {
    const book = podLogBook(c.server);
    await waitFor('3 running pods again', async () => (await pods()).length === 3);
    const before = await pods();
    for (const p of before) book.write('ltop', p, JSON_LINE(`hello from ${p}`));
    const { kc, rest } = connect({ kubeconfigPath: c.kubeconfig, namespace: 'ltop' });
    const ac = new AbortController();
    const lines: LogLine[] = [];
    const notices: string[] = [];
    const done = podLogs({ kc, rest, namespace: 'ltop', follow: true, signal: ac.signal, onLine: (l) => lines.push(l), onNotice: (n) => notices.push(n) });
    try {
      await waitFor('a line from every pod', () => before.every((p) => lines.some((l) => l.source === p && l.message === `hello from ${p}`)));
      assert.ok(lines.filter((l) => l.message.startsWith('hello from')).every((l) => l.level === 'INFO' && l.runId === 'r-7'));
      const scaled = await c.kubectl(['scale', 'deploy/ltop-worker', '-n', 'ltop', '--replicas=3']);
      assert.equal(scaled.exitCode, 0, scaled.stderr);
      const fresh = await waitFor('a fourth pod', async () => (await pods()).find((p) => !before.includes(p)));
      await waitFor('the new pod followed', () => book.followers('ltop', fresh) === 1);
      book.write('ltop', fresh, JSON_LINE('spawned on the new worker', 'WARNING'));
      const got = await waitFor('its line', () => lines.find((l) => l.source === fresh));
      assert.equal(got.level, 'WARNING');
      assert.equal(got.message, 'spawned on the new worker');
      const victim = before.find((p) => p.startsWith('ltop-worker-'))!;
      await c.kubectl(['delete', 'pod', '-n', 'ltop', victim, '--wait=false']);
      await waitFor('the deleted pod let go', () => notices.includes(`${victim}: gone`));
      const n = lines.length;
      book.write('ltop', fresh, 'plain line');
      await waitFor('still following the others', () => lines.length === n + 1);
      assert.equal(lines.filter((l) => l.message.startsWith('hello from')).length, 3, 'no line twice');
    } finally {
      ac.abort();
      await done;
    }
  });

  it('without --follow: the lines since a time, oldest first across pods, then it returns', async () => {
    const book = podLogBook(c.server);
    const live = await pods();
    const t = Date.now();
    book.write('ltop', live[1]!, 'second', { at: t + 2 });
    book.write('ltop', live[0]!, 'first', { at: t + 1 });
    book.write('ltop', live[0]!, 'too old', { at: t - 600_000 });
    const { kc, rest } = connect({ kubeconfigPath: c.kubeconfig, namespace: 'ltop' });
    const lines: LogLine[] = [];
    await podLogs({ kc, rest, namespace: 'ltop', follow: false, sinceSeconds: 60, signal: new AbortController().signal, onLine: (l) => lines.push(l) });
    const ours = lines.filter((l) => ['first', 'second', 'too old'].includes(l.message));
    assert.deepEqual(ours.map((l) => l.message), ['first', 'second']);
    assert.equal(ours[0]!.at, t + 1, 'the kubelet timestamp is the time');
  });

  it('ltop logs --platform kube prints the pods\' lines and returns; --follow until aborted', async () => {
    const book = podLogBook(c.server);
    const [pod] = (await pods()).filter((p) => p.startsWith('ltop-worker-'));
    book.write('ltop', pod!, JSON_LINE('Spawning is complete', 'INFO').replace(/"time": ?"[^"]+"/, '"time":"2026-12-01T09:30:00.000+00:00"'));
    const printed: string[] = [];
    const out = { line: (t: string) => printed.push(t), notice: () => {} };
    const code = await runLogs({ platform: 'kube', kube: { kubeconfigPath: c.kubeconfig }, sinceSeconds: 10 * 365 * 86400, follow: false, filter: 'spawning is' }, out);
    assert.equal(code, 0);
    assert.deepEqual(printed, [`2026-12-01T09:30:00.000Z ${pod!} INFO    locust.runners: Spawning is complete`]);
    const ac = new AbortController();
    printed.length = 0;
    const run = runLogs({ platform: 'kube', kube: { kubeconfigPath: c.kubeconfig }, sinceSeconds: 1, follow: true, signal: ac.signal }, out);
    await waitFor('following', () => book.followers('ltop', pod!) === 1);
    book.write('ltop', pod!, 'live one');
    await waitFor('the live line', () => printed.some((p) => p.endsWith(`${pod!} -       live one`)));
    ac.abort();
    assert.equal(await run, 0);
  });
});
