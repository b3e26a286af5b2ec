// CloudWatch Logs tail against moto_server on loopback (FilterLogEvents: pagination,
// de-duplication, throttling backoff, the quota pacing, AWS_ENDPOINT_URL) and against an
// SDK-level double of StartLiveTail's event stream (moto lacks it): timeout -> polling -> back.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { ltop } from '../support/cli.js';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { createLogsClient } from '../../src/aws/logs/client.js';
import { applicationLogGroup } from '../../src/aws/logs/event.js';
import { FilterLogEventsPoller } from '../../src/aws/logs/filter-poller.js';
import { RequestPacer } from '../../src/aws/logs/pace.js';
import { type TailStatus, tailCloudWatch } from '../../src/aws/logs/tail.js';
import type { LogLine } from '../../src/logs/line.js';
import { eventually } from '../support/wait.js';
import { runLogs } from '../../src/logs/run-logs.js';
import { withLiveTailDouble } from './live-tail-double.js';
import { type MotoLogs, startMotoForLogs } from './moto-logs.js';

const GROUP = applicationLogGroup('ltop-test');
const stream = (pod: string, ns = 'ltop'): string => `ip-10-0-1-23.eu-central-1.compute.internal-application.var.log.containers.${pod}_${ns}_locust-${'ab12'.repeat(16)}.log`;
const WORKER = stream('ltop-worker-7d9f-x2');
const MASTER = stream('ltop-master-5c4b-q1');
const OTHER = stream('payments-1', 'payments');
const runtimeLines = readFileSync(new URL('../fixtures/logs/locust-2.47.0-distributed-json.log', import.meta.url), 'utf8').trim().split('\n');

/** a container line as the amazon-cloudwatch-observability add-on ships it */
const envelope = (log: string, pod: string, ns = 'ltop', at = Date.now()): string =>
  JSON.stringify({ time: new Date(at).toISOString(), stream: 'stderr', _p: 'F', log, kubernetes: { pod_name: pod, namespace_name: ns, container_name: 'locust', host: 'ip-10-0-1-23.eu-central-1.compute.internal' } });

describe('CloudWatch Logs tail', () => {
  let moto: MotoLogs;
  let cw: CloudWatchLogsClient;
  const saved = { ...process.env };
  before(async () => {
    moto = await startMotoForLogs();
    Object.assign(process.env, moto.env);
    // no endpoint given: the SDK must find moto through AWS_ENDPOINT_URL by itself
    cw = createLogsClient();
  });
  after(async () => {
    cw.destroy();
    await moto.stop();
    process.env = saved;
  });
  beforeEach(async () => {
    await moto.reset();
    await cw.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    for (const s of [WORKER, MASTER, OTHER]) await cw.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: s }));
  });
  const put = async (logStreamName: string, messages: string[], at = Date.now()): Promise<void> => {
    await cw.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName, logEvents: messages.map((message, i) => ({ timestamp: at + i, message })) }));
  };

  it('reads the group through AWS_ENDPOINT_URL, pages with a small limit, keeps only the ltop namespace', async () => {
    const t0 = Date.now() - 60_000;
    await put(WORKER, runtimeLines.slice(0, 7).map((l) => envelope(l, 'ltop-worker-7d9f-x2')), t0);
    await put(OTHER, ['{"log":"not ours","kubernetes":{"namespace_name":"payments","pod_name":"payments-1"}}'], t0 + 100);
    await put(MASTER, [envelope('[2026-12-01 09:12:29,001] vm/WARNING/locust.runners: CPU usage above 90%!', 'ltop-master-5c4b-q1')], t0 + 200);
    const lines: LogLine[] = [];
    const statuses: TailStatus[] = [];
    let requests = 0;
    const counting = { send: (c: never, o?: never) => (requests++, cw.send(c, o)) } as typeof cw;
    await tailCloudWatch({ client: counting, logGroupName: GROUP, namespace: 'ltop', since: t0 - 1000, follow: false, signal: new AbortController().signal, onLine: (l) => lines.push(l), onStatus: (s) => statuses.push(s), pageLimit: 2, pacer: new RequestPacer(50) });
    assert.equal(lines.length, 8, 'seven worker lines and the master line, not the payments one');
    assert.ok(requests >= 5, `a limit of 2 needs at least 5 pages for 9 events (${requests})`);
    assert.deepEqual(lines.map((l) => l.source).slice(-1), ['ltop-master-5c4b-q1']);
    assert.equal(lines.at(-1)!.level, 'WARNING');
    const err = lines.find((l) => l.level === 'ERROR')!;
    assert.equal(err.source, 'ltop-worker-7d9f-x2');
    assert.equal(err.runId, 'r-42');
    assert.deepEqual(statuses.map((s) => s.mode), ['history']);
  });

  it('a second poll delivers only what is new, even though its window overlaps the first', async () => {
    const t0 = Date.now() - 10_000;
    await put(WORKER, ['a', 'b', 'c'].map((m) => envelope(m, 'w')), t0);
    const poller = new FilterLogEventsPoller({ client: cw, logGroupName: GROUP, startTime: t0 - 1, limit: 2, pacer: new RequestPacer(50) });
    assert.equal((await poller.poll()).length, 3);
    await put(WORKER, ['d'].map((m) => envelope(m, 'w')), t0 + 10);
    const second = await poller.poll();
    assert.deepEqual(second.map((e) => JSON.parse(e.message!).log), ['d']);
    assert.equal(poller.stats.duplicates, 3, 'the lag window re-read a, b and c and dropped them by eventId');
    assert.equal((await poller.poll()).length, 0);
  });

  it('backs off exponentially on ThrottlingException and still delivers every event', async () => {
    const t0 = Date.now() - 10_000;
    await put(WORKER, ['a', 'b'].map((m) => envelope(m, 'w')), t0);
    // a client without the SDK's own retries, whose wire answers the first two requests with
    // CloudWatch's throttling error: the SDK's real deserializer turns it into the exception
    const throttled = new CloudWatchLogsClient({ maxAttempts: 1 });
    let throttle = 2;
    throttled.middlewareStack.add(
      (next) => async (args) => {
        if (throttle-- > 0) {
          const { Readable } = await import('node:stream');
          return { response: { statusCode: 400, reason: 'Bad Request', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'r' }, body: Readable.from([Buffer.from('{"__type":"ThrottlingException","message":"Rate exceeded"}')]) } } as never;
        }
        return next(args);
      },
      { step: 'deserialize', priority: 'low', name: 'throttle-twice' },
    );
    const waits: number[] = [];
    const poller = new FilterLogEventsPoller({ client: throttled, logGroupName: GROUP, startTime: t0 - 1, backoffBaseMs: 40, onThrottled: (ms) => waits.push(ms), pacer: new RequestPacer(50) });
    const started = Date.now();
    const events = await poller.poll();
    assert.equal(events.length, 2);
    assert.deepEqual(waits, [40, 80]);
    assert.ok(Date.now() - started >= 120, 'it really waited');
    assert.deepEqual({ ...poller.stats }, { requests: 3, throttled: 2, duplicates: 0 });
    throttled.destroy();
  });

  it('keeps its requests under the quota: 5 pages at 5/s take at least 0.8 s', async () => {
    const t0 = Date.now() - 10_000;
    await put(WORKER, ['1', '2', '3', '4', '5'].map((m) => envelope(m, 'w')), t0);
    const sent: number[] = [];
    const timed = { send: (c: never, o?: never) => (sent.push(Date.now()), cw.send(c, o)) } as typeof cw;
    const poller = new FilterLogEventsPoller({ client: timed, logGroupName: GROUP, startTime: t0 - 1, limit: 1, pacer: new RequestPacer(5) });
    assert.equal((await poller.poll()).length, 5);
    assert.ok(sent.length >= 5);
    // slots are 200 ms apart; a busy machine may run one send late, never the series early
    const span = sent.at(-1)! - sent[0]!;
    assert.ok(span >= (sent.length - 1) * 200 - 60, `${sent.length} requests in ${span} ms`);
  });

  it("following, with moto's endpoint Live Tail cannot start: it says why and polls, delivering new lines", async () => {
    const ac = new AbortController();
    const lines: LogLine[] = [];
    const statuses: TailStatus[] = [];
    const done = tailCloudWatch({ client: cw, logGroupName: GROUP, namespace: 'ltop', since: Date.now() - 5000, follow: true, signal: ac.signal, onLine: (l) => lines.push(l), onStatus: (s) => statuses.push(s), pollIntervalMs: 50, pacer: new RequestPacer(50) });
    await eventually(() => statuses.some((s) => s.mode === 'polling'), 'the fallback to polling');
    assert.match(statuses.find((s) => s.mode === 'polling')!.reason!, /^Live Tail error: /);
    await put(WORKER, [envelope(runtimeLines[0]!, 'ltop-worker-7d9f-x2')]);
    await eventually(() => lines.length === 1, 'the new line');
    ac.abort();
    await done;
    assert.equal(lines[0]!.message, JSON.parse(runtimeLines[0]!).message);
  });

  it('Live Tail (SDK double): streams updates, on its 3-hour timeout polls, then goes back to Live Tail', async () => {
    const { client, sessions } = withLiveTailDouble(cw);
    const ac = new AbortController();
    const lines: LogLine[] = [];
    const statuses: TailStatus[] = [];
    const done = tailCloudWatch({ client, logGroupName: GROUP, namespace: 'ltop', since: Date.now() - 5000, follow: true, signal: ac.signal, onLine: (l) => lines.push(l), onStatus: (s) => statuses.push(s), pollIntervalMs: 50, backToLiveTailAfterMs: 400, pacer: new RequestPacer(50) });
    await eventually(() => statuses.at(-1)?.mode === 'live-tail', 'a Live Tail session');
    const first = sessions[0]!;
    assert.deepEqual(first.request.logGroupIdentifiers, [`arn:aws:logs:eu-central-1:123456789012:log-group:${GROUP}`]);
    assert.equal(first.request.logEventFilterPattern, '{ $.kubernetes.namespace_name = "ltop" }');
    const now = Date.now();
    first.update([
      { logStreamName: WORKER, timestamp: now, message: envelope(runtimeLines[1]!, 'ltop-worker-7d9f-x2', 'ltop', now) },
      { logStreamName: OTHER, timestamp: now, message: envelope('theirs', 'payments-1', 'payments', now) },
    ]);
    await eventually(() => lines.length === 1, 'the live line');
    first.timeout();
    await eventually(() => statuses.at(-1)?.mode === 'polling', 'polling after the timeout');
    assert.match(statuses.at(-1)!.reason!, /Live Tail timeout: Session timed out after 3 hours/);
    assert.ok(first.closed);
    await put(WORKER, [envelope('while polling', 'ltop-worker-7d9f-x2')]);
    await eventually(() => lines.some((l) => l.message === 'while polling'), 'the line written while Live Tail was down');
    await eventually(() => sessions.length === 2 && statuses.at(-1)?.mode === 'live-tail', 'back to Live Tail');
    sessions[1]!.timeoutAsMember();
    await eventually(() => statuses.at(-1)?.mode === 'polling', 'the member form of the timeout handled the same');
    ac.abort();
    await done;
    assert.deepEqual(lines.map((l) => l.source), ['ltop-worker-7d9f-x2', 'ltop-worker-7d9f-x2']);
    assert.equal(lines.filter((l) => l.message === 'while polling').length, 1, 'once, though later polls re-read it');
  });

  it('a line logged between the history and the Live Tail session is not lost', async () => {
    const gap = envelope('logged in the gap', 'ltop-worker-7d9f-x2');
    const { client } = withLiveTailDouble(cw, () => put(WORKER, [gap]));
    const ac = new AbortController();
    const lines: LogLine[] = [];
    const done = tailCloudWatch({ client, logGroupName: GROUP, namespace: 'ltop', since: Date.now() - 5000, follow: true, signal: ac.signal, onLine: (l) => lines.push(l), pacer: new RequestPacer(50) });
    await eventually(() => lines.some((l) => l.message === 'logged in the gap'), 'the gap line, from the bridging poll');
    ac.abort();
    await done;
  });

  it('a SessionStreamingException sends it to polling with the cause', async () => {
    const { client, sessions } = withLiveTailDouble(cw);
    const ac = new AbortController();
    const statuses: TailStatus[] = [];
    const done = tailCloudWatch({ client, logGroupName: GROUP, since: Date.now(), follow: true, signal: ac.signal, onLine: () => {}, onStatus: (s) => statuses.push(s), pollIntervalMs: 50, pacer: new RequestPacer(50) });
    await eventually(() => sessions.length === 1 && statuses.at(-1)?.mode === 'live-tail', 'a session');
    sessions[0]!.streamingError('Internal error');
    await eventually(() => statuses.at(-1)?.mode === 'polling', 'polling');
    assert.match(statuses.at(-1)!.reason!, /SessionStreamingException: Internal error/);
    ac.abort();
    await done;
  });

  it('a missing group rejects with the service error (ltop logs prints it in one line)', async () => {
    const err = await tailCloudWatch({ client: cw, logGroupName: '/aws/containerinsights/nope/application', since: Date.now(), follow: true, signal: new AbortController().signal, onLine: () => {}, pacer: new RequestPacer(50) }).then(() => undefined, (e: Error) => e);
    assert.equal(err?.name, 'ResourceNotFoundException');
  });

  it('ltop logs --platform eks prints like aws logs tail, filters, and exits when not following', async () => {
    const t0 = Date.now() - 120_000;
    await put(WORKER, runtimeLines.map((l) => envelope(l, 'ltop-worker-7d9f-x2')), t0);
    await put(OTHER, ['{"log":"not ours","kubernetes":{"namespace_name":"payments","pod_name":"payments-1"}}'], t0);
    const printed: string[] = [];
    const notices: string[] = [];
    const out = { line: (t: string) => printed.push(t), notice: (t: string) => notices.push(t) };
    // no client given: the SDK finds moto through AWS_ENDPOINT_URL
    assert.equal(await runLogs({ platform: 'eks', cluster: 'ltop-test', sinceSeconds: 600, follow: false, filter: 'ltop_api_token' }, out), 0);
    assert.equal(printed.length, 1);
    assert.match(printed[0]!, /^2026-12-01T09:12:29\.556Z ltop-worker-7d9f-x2 ERROR   ltop\.scenario\.custom: custom scenario: set LTOP_API_TOKEN/);
    printed.length = 0;
    assert.equal(await runLogs({ platform: 'eks', cluster: 'ltop-test', sinceSeconds: 600, follow: false }, out), 0);
    assert.equal(printed.length, runtimeLines.length);
    assert.ok(printed.every((p) => p.includes(' ltop-worker-7d9f-x2 ')));
    printed.length = 0;
    assert.equal(await runLogs({ platform: 'eks', logGroup: GROUP, sinceSeconds: 600, follow: false, filter: 'not ours' }, out), 0);
    assert.equal(printed.length, 1, '--log-group reads the group as it is, every namespace');
    const noStack = mkdtempSync(join(tmpdir(), 'ltop-logs-nostack-'));
    assert.equal(await runLogs({ platform: 'eks', sinceSeconds: 60, follow: false, stackDir: noStack }, out), 2);
    assert.equal(notices.at(-1), `ltop: no EKS stack in ${noStack} to read the log group from: pass --cluster NAME or --log-group NAME`);
    assert.equal(await runLogs({ platform: 'eks', cluster: 'nope', follow: false }, out), 1);
    assert.match(notices.at(-1)!, /^ltop logs: no log group \/aws\/containerinsights\/nope\/application in eu-central-1: check the name \(aws logs describe-log-groups --log-group-name-prefix \/aws\/containerinsights\) or pass --region$/);
  });

  it('ltop logs --platform eks with a stack reads the group and region from its outputs (real terraform)', async () => {
    const t0 = Date.now() - 60_000;
    await put(WORKER, runtimeLines.slice(0, 3).map((l) => envelope(l, 'ltop-worker-7d9f-x2')), t0);
    // a stack whose state holds the outputs terraform/outputs.tf gives (applied with no resources)
    const stackDir = mkdtempSync(join(tmpdir(), 'ltop-logs-stack-'));
    writeFileSync(join(stackDir, 'main.tf'), `output "cluster_name" {\n  value = "ltop-test"\n}\noutput "region" {\n  value = "eu-central-1"\n}\noutput "log_group_names" {\n  value = { application = "${GROUP}" }\n}\n`);
    const applied = await execa('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], { cwd: stackDir, reject: false });
    assert.equal(applied.exitCode, 0, applied.stderr);
    const printed: string[] = [];
    const notices: string[] = [];
    const { AWS_REGION: _region, ...withoutRegion } = process.env;
    process.env = withoutRegion;
    try {
      assert.equal(await runLogs({ platform: 'eks', sinceSeconds: 600, follow: false, stackDir }, { line: (t) => printed.push(t), notice: (t) => notices.push(t) }), 0, notices.join('\n'));
    } finally {
      process.env.AWS_REGION = _region;
    }
    assert.equal(printed.length, 3, notices.join('\n'));
    assert.ok(printed.every((p) => p.includes(' ltop-worker-7d9f-x2 ')));
  });

  it('the CLI: ltop logs --log-group /nope names the group and the next step', async () => {
    const result = await ltop(['logs', '--log-group', '/nope'], { env: { ...process.env, ...moto.env } });
    assert.equal(result.exitCode, 1, result.stderr);
    assert.equal(result.stderr.trim(), 'ltop logs: no log group /nope in eu-central-1: check the name (aws logs describe-log-groups --log-group-name-prefix /nope) or pass --region');
  });

  it('ltop logs --follow keeps printing until its signal ends it', async () => {
    const ac = new AbortController();
    const printed: string[] = [];
    const notices: string[] = [];
    const { client } = withLiveTailDouble(cw);
    const run = runLogs({ platform: 'eks', cluster: 'ltop-test', follow: true, signal: ac.signal, logsClient: client }, { line: (t) => printed.push(t), notice: (t) => notices.push(t) });
    await eventually(() => notices.includes('logs: following with CloudWatch Live Tail'), 'Live Tail');
    ac.abort();
    assert.equal(await run, 0);
  });
});
