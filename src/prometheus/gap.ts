// What Locust sent against what the application counted: a large gap means requests are lost
// on the way (a load balancer, a proxy, a wrong host) or the query does not count what the
// test sends.

export interface RateGap {
  readonly locustRps: number;
  readonly serverRps: number;
  /** serverRps / locustRps - 1: -0.3 = the app counted 30 % fewer */
  readonly relative: number;
  readonly flagged: boolean;
  /** "server 70.1/s vs Locust 100.0/s (-30%)" */
  readonly text: string;
}

/** Flags a gap above `threshold` (relative), ignoring rates too small to compare (< minRps). */
export function rateGap(locustRps: number, serverRps: number, threshold = 0.2, minRps = 1): RateGap {
  const base = Math.max(locustRps, 1e-9);
  const relative = serverRps / base - 1;
  const flagged = Math.max(locustRps, serverRps) >= minRps && Math.abs(relative) > threshold;
  const pct = `${relative >= 0 ? '+' : ''}${Math.round(relative * 100)}%`;
  return { locustRps, serverRps, relative, flagged, text: `server ${serverRps.toFixed(1)}/s vs Locust ${locustRps.toFixed(1)}/s (${pct})` };
}
