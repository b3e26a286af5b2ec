import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const repo = fileURLToPath(new URL('../..', import.meta.url));

const closed = new WeakMap<ChildProcessWithoutNullStreams, Promise<{ code: number | null; signal: NodeJS.Signals | null }>>();

function startMain(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/demo/main.ts', ...args], {
    cwd: repo,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // 'close' comes after 'exit' once stdout/stderr are drained
  closed.set(
    child,
    once(child, 'close').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null })),
  );
  return child;
}

function firstLine(child: ChildProcessWithoutNullStreams, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('no ready line in time')), timeoutMs);
    rl.once('line', (line) => {
      clearTimeout(timer);
      rl.close();
      resolve(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before the ready line`));
    });
  });
}

async function exitOf(child: ChildProcessWithoutNullStreams, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    return await closed.get(child)!;
  } finally {
    clearTimeout(timer);
  }
}

function collect(stream: NodeJS.ReadableStream): () => string {
  let out = '';
  stream.on('data', (c: Buffer) => (out += c.toString()));
  return () => out;
}

describe('demo target child process (src/demo/main.ts)', () => {
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    test(`prints one ready line, serves, and exits 0 on ${sig}`, async () => {
      const child = startMain(['--port', '0', '--latency-ms', '0', '--jitter-ms', '0', '--error-rate', '0']);
      try {
        const line = await firstLine(child, 15_000);
        const ready = JSON.parse(line) as { event: string; url: string };
        assert.equal(ready.event, 'listening');
        assert.match(ready.url, /^http:\/\/127\.0\.0\.1:\d+$/);
        assert.deepEqual(Object.keys(ready).sort(), ['event', 'url']);

        const res = await fetch(ready.url + '/posts/1');
        assert.equal(res.status, 200);
        assert.equal(((await res.json()) as { id: number }).id, 1);

        child.kill(sig);
        const { code } = await exitOf(child, 10_000);
        assert.equal(code, 0);
        await assert.rejects(fetch(ready.url + '/posts/1'), 'port is closed after exit');
      } finally {
        child.kill('SIGKILL');
      }
    });
  }

  test('start flags set latency and error rate', async () => {
    const child = startMain(['--latency-ms', '100', '--jitter-ms', '0', '--error-rate', '1']);
    try {
      const { url } = JSON.parse(await firstLine(child, 15_000)) as { url: string };
      const start = performance.now();
      const res = await fetch(url + '/users');
      assert.equal(res.status, 500);
      assert.ok(performance.now() - start >= 90);
      const cfg = (await (await fetch(url + '/__ltop/config')).json()) as Record<string, number>;
      assert.deepEqual(cfg, { latencyMs: 100, jitterMs: 0, errorRate: 1, capacity: 0, latencyPerInflightMs: 0 });
    } finally {
      child.kill('SIGKILL');
    }
  });

  for (const bad of [['--port', 'abc'], ['--error-rate', '2'], ['--bogus'], ['--latency-ms', '-3'], ['extra']]) {
    test(`bad flags ${bad.join(' ')} -> one-line error, exit 2`, async () => {
      const child = startMain(bad);
      try {
        const err = collect(child.stderr);
        const out = collect(child.stdout);
        const { code } = await exitOf(child, 15_000);
        assert.equal(code, 2);
        assert.equal(out(), '');
        const lines = err().trimEnd().split('\n');
        assert.equal(lines.length, 1, err());
        assert.match(lines[0]!, /^ltop-demo: /);
      } finally {
        child.kill('SIGKILL');
      }
    });
  }

  test('a port already in use fails with a clear message', async () => {
    const first = startMain([]);
    try {
      const { url } = JSON.parse(await firstLine(first, 15_000)) as { url: string };
      const port = new URL(url).port;
      const second = startMain(['--port', port]);
      try {
        const err = collect(second.stderr);
        const { code } = await exitOf(second, 15_000);
        assert.notEqual(code, 0);
        assert.match(err(), /cannot listen on 127\.0\.0\.1:\d+/);
      } finally {
        second.kill('SIGKILL');
      }
    } finally {
      first.kill('SIGKILL');
    }
  });
});
