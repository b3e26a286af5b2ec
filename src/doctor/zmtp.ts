// Does something speak ZeroMQ (ZMTP 3) on host:port? A DEALER connects, waits for the handshake
// to succeed, and closes WITHOUT sending a message: a Locust master never sees a worker.

import { Dealer } from 'zeromq';

export interface HandshakeResult {
  readonly ok: boolean;
  readonly detail: string;
}

export async function zmtpHandshake(host: string, port: number, timeoutMs = 5000): Promise<HandshakeResult> {
  const socket = new Dealer({ linger: 0, immediate: true, reconnectInterval: 200 });
  const address = `tcp://${host}:${port}`;
  let timer: NodeJS.Timeout | undefined;
  try {
    const outcome = new Promise<HandshakeResult>((resolve) => {
      socket.events.on('handshake', () => resolve({ ok: true, detail: `ZMTP handshake with ${address} completed` }));
      socket.events.on('handshake:error:protocol', (e) => resolve({ ok: false, detail: `${address} answered, but not as ZeroMQ: ${e.error.message}` }));
      socket.events.on('handshake:error:other', (e) => resolve({ ok: false, detail: `ZMTP handshake with ${address} failed: ${e.error.message}` }));
      timer = setTimeout(() => resolve({ ok: false, detail: `no ZMTP handshake with ${address} within ${timeoutMs} ms (nothing listening, or not ZeroMQ)` }), timeoutMs);
    });
    socket.connect(address);
    return await outcome;
  } finally {
    clearTimeout(timer);
    socket.close();
  }
}
