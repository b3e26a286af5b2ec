// What the swarm moves through the NAT gateway, for the meter's NAT data line (pure): the bytes
// Locust counted in responses (requests x average size: a lower bound, requests' own bodies are
// not counted, and a stats reset starts it again), and whether the target is outside the VPC
// (a public name or address: its traffic leaves through NAT; a Service, a private or link-local
// address, or an EC2 internal name stays inside).

export interface SwarmTraffic {
  readonly bytes: number;
  readonly startedAt?: number;
  readonly targetOutsideVpc: boolean;
}

const PRIVATE_V4 = [/^10\./, /^172\.(1[6-9]|2\d|3[01])\./, /^192\.168\./, /^127\./, /^169\.254\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./];
const INSIDE_SUFFIXES = ['.svc', '.svc.cluster.local', '.cluster.local', '.internal', '.local', 'localhost'];

export function targetOutsideVpc(targetHost: string): boolean {
  let host: string;
  try {
    host = new URL(targetHost).hostname.toLowerCase();
  } catch {
    return false; // no host known: no NAT figure rather than a made-up one
  }
  if (host.startsWith('[')) return !/^\[(fc|fd|fe80|::1\])/.test(host);
  if (host === '' || !host.includes('.')) return false; // a bare Service name, localhost
  if (PRIVATE_V4.some((re) => re.test(host))) return false;
  return !INSIDE_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

export function swarmTraffic(o: { requests: number; avgSize: number; startedAt: number | null; targetHost: string }): SwarmTraffic {
  return { bytes: Math.max(0, o.requests * o.avgSize), ...(o.startedAt !== null ? { startedAt: o.startedAt } : {}), targetOutsideVpc: targetOutsideVpc(o.targetHost) };
}
