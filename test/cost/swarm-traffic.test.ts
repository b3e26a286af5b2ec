// Which targets send the swarm's bytes through the NAT gateway (pure).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { swarmTraffic, targetOutsideVpc } from '../../src/cost/swarm-traffic.js';

describe('swarm traffic for the NAT data line', () => {
  it('a public name or address is outside the VPC; Services, private, link-local and EC2 internal names are inside', () => {
    const outside = ['https://api.example.com', 'http://203.0.113.7:8080', 'https://jsonplaceholder.typicode.com/posts', 'http://[2001:db8::1]/'];
    const inside = ['http://web.shop.svc:8080', 'http://web.shop.svc.cluster.local', 'http://web', 'http://10.0.3.4', 'http://172.20.0.9', 'http://192.168.1.2', 'http://127.0.0.1:8080', 'http://169.254.169.254', 'http://100.64.0.1', 'http://ip-10-0-1-1.eu-central-1.compute.internal', 'http://localhost:8080', 'http://[fd00::1]/', 'not a url'];
    for (const host of outside) assert.equal(targetOutsideVpc(host), true, host);
    for (const host of inside) assert.equal(targetOutsideVpc(host), false, host);
  });

  it('bytes are requests x average response size, from when the swarm started', () => {
    assert.deepEqual(swarmTraffic({ requests: 1000, avgSize: 1024, startedAt: 5, targetHost: 'https://api.example.com' }), { bytes: 1_024_000, startedAt: 5, targetOutsideVpc: true });
    assert.deepEqual(swarmTraffic({ requests: 0, avgSize: 0, startedAt: null, targetHost: 'http://web.shop.svc' }), { bytes: 0, targetOutsideVpc: false });
  });
});
