// Request/reply over a Node IPC channel (cluster primary <-> serving process): each request
// carries an id, the other side answers {t: 'reply', id, ok, value | error}.

export interface Message {
  readonly t: string;
  readonly [key: string]: unknown;
}

interface Reply {
  t: 'reply';
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

export class RpcError extends Error {
  constructor(
    message: string,
    readonly status = 500,
  ) {
    super(message);
  }
}

export class Rpc {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly send: (m: object) => void,
    private readonly serve: (m: Message) => Promise<unknown>,
  ) {}

  request<T>(message: Message): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      try {
        this.send({ ...message, id });
      } catch (e) {
        this.waiting.delete(id);
        reject(e as Error);
      }
    });
  }

  /** Feed every message received here. */
  receive(m: Message & { id?: number }): void {
    if (m.t === 'reply') {
      const r = m as unknown as Reply;
      const w = this.waiting.get(r.id);
      if (!w) return;
      this.waiting.delete(r.id);
      if (r.ok) w.resolve(r.value);
      else w.reject(new RpcError(r.error ?? 'failed', Number((m as { status?: number }).status ?? 500)));
      return;
    }
    const id = m.id;
    this.serve(m).then(
      (value) => id !== undefined && this.trySend({ t: 'reply', id, ok: true, value }),
      (e: unknown) => id !== undefined && this.trySend({ t: 'reply', id, ok: false, error: (e as Error).message, status: (e as { status?: number }).status ?? 500 }),
    );
  }

  /** The other side is gone: fail what waits on it. */
  fail(why: string): void {
    for (const w of this.waiting.values()) w.reject(new RpcError(why, 503));
    this.waiting.clear();
  }

  private trySend(m: object): void {
    try {
      this.send(m);
    } catch {
      // the other side left; nothing to answer
    }
  }
}
