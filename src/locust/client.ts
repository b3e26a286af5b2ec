// The Locust master's HTTP API, parsed once at the edge (see snapshot.ts).
import { fillPercentilesFromCsv, needsCsvPercentiles, parseRequestsCsv } from './csv-percentiles.js';
import { normalizeStats } from './normalize.js';
import { httpRequest, type HttpAnswer } from '../util/http.js';
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

  private async request(path: string, init?: { method: string; form?: URLSearchParams }): Promise<HttpAnswer> {
    let answer: HttpAnswer;
    try {
      answer = await httpRequest(new URL(path, this.baseUrl), {
        method: init?.method ?? 'GET',
        timeoutMs: REQUEST_TIMEOUT_MS,
        ...(init?.form ? { body: init.form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
      });
    } catch (cause) {
      throw new LocustHttpError(`Locust master at ${this.baseUrl} unreachable (${cause instanceof Error ? cause.message : String(cause)})`);
    }
    if (!answer.ok) throw new LocustHttpError(`${init?.method ?? 'GET'} ${path} answered ${answer.status}${answer.body ? `: ${answer.body.slice(0, 160)}` : ''}`, answer.status);
    return answer;
  }

  private async text(path: string): Promise<string> {
    return (await this.request(path)).body;
  }

  /** GET /stats/requests, normalised; fills per-endpoint p95 from the CSV on versions that lack it. */
  async snapshot(now: () => number = Date.now): Promise<LocustSnapshot> {
    const body: unknown = JSON.parse(await this.text('/stats/requests'));
    const snapshot = normalizeStats(body, now());
    if (!needsCsvPercentiles(snapshot)) return snapshot;
    return fillPercentilesFromCsv(snapshot, parseRequestsCsv(await this.requestsCsv()));
  }

  async swarm(request: SwarmRequest): Promise<void> {
    const form = new URLSearchParams({ user_count: String(request.users), spawn_rate: String(request.spawnRate) });
    if (request.host) form.set('host', request.host);
    if (request.runTimeSeconds) form.set('run_time', `${Math.ceil(request.runTimeSeconds)}s`);
    const answer = JSON.parse((await this.request('/swarm', { method: 'POST', form })).body) as { success?: boolean; message?: string };
    if (answer.success === false) throw new LocustHttpError(`swarm refused: ${answer.message ?? 'no reason given'}`);
  }

  async stop(): Promise<void> {
    await this.command('/stop');
  }

  async resetStats(): Promise<void> {
    await this.command('/stats/reset');
  }

  /**
   * /stop and /stats/reset change state: current Locust (2.47) takes them as POST only (a GET
   * answers 405 and stops nothing), while 2.12 routes them as GET only. POST first, GET on 405.
   */
  private async command(path: string): Promise<void> {
    try {
      await this.request(path, { method: 'POST' });
    } catch (error) {
      if (!(error instanceof LocustHttpError) || error.status !== 405) throw error;
      await this.request(path);
    }
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
