// The Locust master's HTTP API, parsed once at the edge (see snapshot.ts).
import { fillPercentilesFromCsv, needsCsvPercentiles, parseRequestsCsv } from './csv-percentiles.js';
import { normalizeStats } from './normalize.js';
import type { LocustSnapshot } from './snapshot.js';

export class LocustHttpError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface SwarmRequest {
  readonly users: number;
  readonly spawnRate: number;
  readonly host?: string;
  /** seconds; the master stops by itself after this even if ltop is gone */
  readonly runTimeSeconds?: number;
}

const REQUEST_TIMEOUT_MS = 5000;

export class LocustClient {
  constructor(readonly baseUrl: string) {}

  private async request(path: string, init?: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (cause) {
      const reason = cause instanceof Error && 'cause' in cause && cause.cause instanceof Error ? cause.cause.message : String(cause);
      throw new LocustHttpError(`Locust master at ${this.baseUrl} unreachable (${reason})`);
    }
    if (!response.ok) {
      const body = await response.text().catch(() => '');
      throw new LocustHttpError(`${init?.method ?? 'GET'} ${path} answered ${response.status}${body ? `: ${body.slice(0, 160)}` : ''}`, response.status);
    }
    return response;
  }

  private async text(path: string): Promise<string> {
    return (await this.request(path)).text();
  }

  /** GET /stats/requests, normalised; fills per-endpoint p95 from the CSV on versions that lack it. */
  async snapshot(now: () => number = Date.now): Promise<LocustSnapshot> {
    const body: unknown = await (await this.request('/stats/requests')).json();
    const snapshot = normalizeStats(body, now());
    if (!needsCsvPercentiles(snapshot)) return snapshot;
    return fillPercentilesFromCsv(snapshot, parseRequestsCsv(await this.requestsCsv()));
  }

  async swarm(request: SwarmRequest): Promise<void> {
    const form = new URLSearchParams({ user_count: String(request.users), spawn_rate: String(request.spawnRate) });
    if (request.host) form.set('host', request.host);
    if (request.runTimeSeconds) form.set('run_time', `${Math.ceil(request.runTimeSeconds)}s`);
    const answer = (await (await this.request('/swarm', { method: 'POST', body: form })).json()) as { success?: boolean; message?: string };
    if (answer.success === false) throw new LocustHttpError(`swarm refused: ${answer.message ?? 'no reason given'}`);
  }

  /** Locust 2.4x takes POST on /stop and /stats/reset (a GET answers 405); older ones take GET. */
  private async command(path: string): Promise<void> {
    try {
      await this.request(path, { method: 'POST' });
    } catch (error) {
      if (!(error instanceof LocustHttpError && error.status === 405)) throw error;
      await this.request(path);
    }
  }

  stop(): Promise<void> {
    return this.command('/stop');
  }

  resetStats(): Promise<void> {
    return this.command('/stats/reset');
  }

  requestsCsv(): Promise<string> {
    return this.text('/stats/requests/csv');
  }

  failuresCsv(): Promise<string> {
    return this.text('/stats/failures/csv');
  }

  reportHtml(): Promise<string> {
    return this.text('/stats/report?download=1');
  }

  /** The stats API answers (not the web UI page: a Locust without its UI bundle still serves the API). */
  async isUp(): Promise<boolean> {
    try {
      await this.request('/stats/requests');
      return true;
    } catch {
      return false;
    }
  }
}
