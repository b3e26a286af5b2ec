// pods/portforward over WebSocket, channel protocol v4.channel.k8s.io as the kubelet speaks it:
// for each requested port i, channel 2i carries data and 2i+1 errors; the server's first frame on
// each channel is the port number (2 bytes, little endian); every frame starts with the channel
// byte. One WebSocket = one TCP connection to the pod's port. The "pod's port" is a local TCP port
// the test chooses, so a real process (a Locust master) can stand behind a simulated pod.

import net from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export type PortTarget = (namespace: string, pod: string, port: number) => { host: string; port: number } | undefined;

export const PORTFORWARD_PROTOCOLS = ['v4.channel.k8s.io'];

export class PortForwarder {
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => PORTFORWARD_PROTOCOLS.find((p) => protocols.has(p)) ?? false,
  });
  private readonly sockets = new Set<WebSocket>();
  private readonly tcp = new Set<net.Socket>();
  /** how many port-forward streams were opened (tests assert reconnects with it) */
  opened = 0;

  constructor(public target: PortTarget) {}

  handle(req: IncomingMessage, socket: Duplex, head: Buffer, namespace: string, pod: string, ports: number[]): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws, namespace, pod, ports));
  }

  private serve(ws: WebSocket, namespace: string, pod: string, ports: number[]): void {
    this.sockets.add(ws);
    this.opened++;
    const port = ports[0]!;
    const header = (channel: number): Buffer => Buffer.from([channel, port & 0xff, (port >> 8) & 0xff]);
    ws.send(header(0));
    ws.send(header(1));
    const fail = (message: string): void => {
      ws.send(Buffer.concat([Buffer.from([1]), Buffer.from(message)]));
      ws.close();
    };
    const t = this.target(namespace, pod, port);
    if (!t) {
      fail(`error forwarding port ${port} to pod ${pod}: nothing listens on port ${port} in the pod`);
      this.sockets.delete(ws);
      return;
    }
    const conn = net.connect(t.port, t.host);
    this.tcp.add(conn);
    let connected = false;
    const queued: Buffer[] = [];
    conn.on('connect', () => {
      connected = true;
      for (const b of queued) conn.write(b);
      queued.length = 0;
    });
    conn.on('data', (data) => {
      if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([0]), data]));
    });
    conn.on('error', (err) => {
      if (ws.readyState === ws.OPEN) fail(`error forwarding port ${port} to pod ${pod}: ${err.message}`);
    });
    conn.on('close', () => {
      this.tcp.delete(conn);
      if (ws.readyState === ws.OPEN) ws.close();
    });
    ws.on('message', (raw: Buffer, isBinary: boolean) => {
      const buf = isBinary ? raw : Buffer.from(raw);
      if (buf.length < 1 || buf[0] !== 0) return;
      const payload = buf.subarray(1);
      if (connected) conn.write(payload);
      else queued.push(Buffer.from(payload));
    });
    ws.on('close', () => {
      this.sockets.delete(ws);
      conn.end();
    });
  }

  get active(): number {
    return this.sockets.size;
  }

  /** Drop every port-forward stream abruptly, like a kubelet restart or a network blip. */
  dropAll(): number {
    const n = this.sockets.size;
    for (const ws of this.sockets) ws.terminate();
    for (const c of this.tcp) c.destroy();
    return n;
  }

  close(): void {
    this.dropAll();
    this.wss.close();
  }
}
