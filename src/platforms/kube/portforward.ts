// A local TCP port on 127.0.0.1 that reaches a port of the master pod, through the API server's
// pods/portforward (client-node's PortForward over WebSocket). Every local connection gets its
// own stream to the pod that is the master *now*, so a rollout or a dropped stream only costs the
// connections that were open: the next request reconnects. While the tunnel is down, onDown says
// why; a probe retries (bounded backoff) until it is up again and onUp says so.

import net from 'node:net';
import { PassThrough, Writable } from 'node:stream';
import { type KubeConfig, PortForward } from '@kubernetes/client-node';
import type { WebSocket } from 'ws';

export interface TunnelOptions {
  readonly kc: KubeConfig;
  readonly namespace: string;
  readonly remotePort: number;
  /** 0 or undefined: a free port */
  readonly localPort?: number;
  /** the pod to reach now (undefined: no ready master) */
  readonly pickPod: () => string | undefined;
  readonly onDown: (why: string) => void;
  readonly onUp: () => void;
}

type Socketish = Pick<WebSocket, 'close' | 'terminate' | 'on' | 'readyState'>;

export class MasterTunnel {
  private server: net.Server | undefined;
  private readonly streams = new Set<{ ws?: Socketish; socket: net.Socket }>();
  private down: string | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private probeFailures = 0;
  private closed = false;
  port = 0;
  /** streams opened so far (tests read it to see reconnects) */
  opened = 0;

  constructor(private readonly opts: TunnelOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get isDown(): boolean {
    return this.down !== undefined;
  }

  async listen(): Promise<number> {
    if (this.server) return this.port;
    const server = net.createServer((socket) => void this.serve(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.localPort ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
    return this.port;
  }

  private open(pod: string, output: Writable, input: NodeJS.ReadableStream & { readableEncoding?: BufferEncoding | null }, onError: (text: string) => void): Promise<Socketish> {
    const errors = new Writable({
      write(chunk: Buffer, _enc, cb) {
        const text = chunk.toString('utf8').trim();
        if (text) onError(text);
        cb();
      },
    });
    const pf = new PortForward(this.opts.kc, true);
    return pf.portForward(this.opts.namespace, pod, [this.opts.remotePort], output, errors, input as never) as Promise<Socketish>;
  }

  private async serve(socket: net.Socket): Promise<void> {
    socket.pause();
    const pod = this.opts.pickPod();
    if (!pod) {
      socket.destroy();
      this.markDown('no master pod is ready');
      return;
    }
    const entry: { ws?: Socketish; socket: net.Socket } = { socket };
    this.streams.add(entry);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.streams.delete(entry);
      if (entry.ws && entry.ws.readyState <= 1) entry.ws.close();
    });
    try {
      const ws = await this.open(pod, socket, socket, (text) => {
        this.markDown(`port-forward to ${pod}: ${text}`);
        socket.destroy();
      });
      this.opened++;
      entry.ws = ws;
      if (socket.destroyed) {
        ws.close();
        return;
      }
      ws.on('close', (code: number) => {
        // 1006: the stream died without a close frame (network, API server, kubelet): a drop
        if (code === 1006 && !socket.destroyed && !this.closed) this.markDown(`port-forward to ${pod} dropped`);
        if (!socket.destroyed) socket.destroy();
      });
      ws.on('error', () => socket.destroy());
      socket.resume();
      this.markUp();
    } catch (err) {
      socket.destroy();
      this.streams.delete(entry);
      this.markDown(`port-forward to ${pod} failed: ${describeWsError(err)}`);
    }
  }

  private markDown(why: string): void {
    if (this.closed) return;
    if (this.down === undefined) this.opts.onDown(why);
    this.down = why;
    this.scheduleProbe();
  }

  private markUp(): void {
    if (this.down !== undefined) {
      this.down = undefined;
      this.probeFailures = 0;
      this.opts.onUp();
    }
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
  }

  /** While down: try a stream (no data) with bounded backoff until one opens. */
  private scheduleProbe(): void {
    if (this.probeTimer || this.closed) return;
    const wait = Math.min(5000, 200 * 2 ** Math.min(this.probeFailures, 5));
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      void this.probe();
    }, wait);
    this.probeTimer.unref();
  }

  private async probe(): Promise<void> {
    if (this.closed || this.down === undefined) return;
    const pod = this.opts.pickPod();
    if (!pod) {
      this.probeFailures++;
      this.scheduleProbe();
      return;
    }
    const input = new PassThrough();
    try {
      const ws = await this.open(pod, new PassThrough(), input, () => {});
      ws.close();
      this.markUp();
    } catch (err) {
      this.probeFailures++;
      this.down = `port-forward to ${pod} failed: ${describeWsError(err)}`;
      this.scheduleProbe();
    }
  }

  /** Cut the open streams (after a rollout, so kept-alive connections move to the new master). */
  dropStreams(): void {
    for (const s of this.streams) {
      s.ws?.close();
      s.socket.destroy();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.dropStreams();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function describeWsError(err: unknown): string {
  const e = err as { message?: string; error?: { message?: string } };
  const msg = e?.error?.message ?? e?.message ?? String(err);
  const m = /Unexpected server response: (\d+)/.exec(msg);
  if (m) {
    const code = Number(m[1]);
    if (code === 403) return `HTTP 403 Forbidden: ask for RBAC verb "create" on resource "pods/portforward" (check: kubectl auth can-i create pods/portforward)`;
    if (code === 404) return 'HTTP 404: the master pod is gone (a rollout?)';
    return `HTTP ${code}`;
  }
  return msg;
}
