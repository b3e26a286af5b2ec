// A stand-in Locust master for fast Session tests: Locust 2.46.3's own recorded answers
// (test/fixtures/locust), served by state, with an Aggregated count the test controls, and a
// "final worker report" that lands a moment after /stop like the real one does.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixtureJson, fixtureText } from './fixtures.js';

export interface FakeLocust {
  readonly url: string;
  /** user_count of every /swarm, in order */
  readonly swarms: number[];
  /** requests the Aggregated row reports */
  requests: number;
  /** added to the count this long after /stop (the workers' last report) */
  finalReport: { readonly requests: number; readonly afterMs: number };
  /** answer /swarm with success: false */
  refuseSwarm: boolean;
  state(): string;
  close(): Promise<void>;
}

const CSV = fixtureText('2.46.3-requests.csv');

function csvWith(requests: number): string {
  return CSV.split('\n')
    .map((line) => (line.startsWith(',Aggregated,') ? line.replace(/^,Aggregated,\d+,/, `,Aggregated,${requests},`) : line))
    .join('\n');
}

export async function startFakeLocust(): Promise<FakeLocust> {
  let state = 'ready';
  const fake: FakeLocust = {
    url: '',
    swarms: [],
    requests: 0,
    finalReport: { requests: 0, afterMs: 0 },
    refuseSwarm: false,
    state: () => state,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const send = (status: number, body: string, type = 'application/json'): void => void res.writeHead(status, { 'content-type': type }).end(body);
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      switch (`${req.method} ${url.pathname}`) {
        case 'GET /stats/requests': {
          const json = fixtureJson(`2.46.3-stats-${state === 'ready' ? 'ready' : state === 'running' ? 'running' : 'stopped'}.json`) as { stats: { num_requests: number }[]; state: string };
          json.state = state;
          if (json.stats.length) json.stats[json.stats.length - 1]!.num_requests = fake.requests;
          return send(200, JSON.stringify(json));
        }
        case 'GET /stats/requests/csv':
          return send(200, csvWith(fake.requests), 'text/csv');
        case 'GET /stats/failures/csv':
          return send(200, fixtureText('2.46.3-failures.csv'), 'text/csv');
        case 'GET /stats/report':
          return send(200, '<html><body>report</body></html>', 'text/html');
        case 'POST /swarm': {
          if (fake.refuseSwarm) return send(200, JSON.stringify({ success: false, message: 'refused by the fake' }));
          fake.swarms.push(Number(new URLSearchParams(body).get('user_count')));
          state = 'running';
          return send(200, JSON.stringify({ success: true, message: 'Swarming started' }));
        }
        case 'POST /stop': {
          state = 'stopped';
          const { requests, afterMs } = fake.finalReport;
          setTimeout(() => (fake.requests += requests), afterMs);
          return send(200, JSON.stringify({ success: true }));
        }
        case 'POST /stats/reset':
          fake.requests = 0;
          return send(200, 'ok', 'text/plain');
        default:
          return send(405, 'method not allowed', 'text/plain');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(fake, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  return fake;
}
