// A closed-loop sweep for the knee tests: `clients` loops, each sending the next request when
// the last one answered, for `ms`; bounded by time and by count. With `fresh`, every request
// opens its own connection, so node:cluster spreads them over the serving processes (keep-alive
// connections stay with the process that accepted them, like a Service's conntrack entries).

import { request } from 'node:http';

function getFresh(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end();
  });
}

export async function closedLoop(url: string, clients: number, ms: number, fresh = false): Promise<{ rps: number; p95: number }> {
  const times: number[] = [];
  const began = performance.now();
  const loop = async (): Promise<void> => {
    for (let i = 0; i < 10_000 && performance.now() - began < ms; i++) {
      const t0 = performance.now();
      if (fresh) await getFresh(`${url}/posts/1`);
      else await (await fetch(`${url}/posts/1`)).text();
      times.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  const elapsed = (performance.now() - began) / 1000;
  times.sort((a, b) => a - b);
  return { rps: times.length / elapsed, p95: times[Math.floor(times.length * 0.95)] ?? 0 };
}
