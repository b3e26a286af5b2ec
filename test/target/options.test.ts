import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTargetOptions } from '../../src/target/options.js';
import { parsePrometheusOptions } from '../../src/prometheus/options.js';

test('target options: names (repeatable or comma-separated), a selector, the namespace', () => {
  assert.equal(parseTargetOptions({}, 'default'), undefined);
  assert.deepEqual(parseTargetOptions({ deployments: ['web', 'api,web'] }, 'shop'), { namespace: 'shop', deployments: ['web', 'api'] });
  assert.deepEqual(parseTargetOptions({ selector: 'app in (web,api),tier!=db', namespace: 'prod' }, 'shop'), { namespace: 'prod', deployments: [], selector: 'app in (web,api),tier!=db' });
  assert.throws(() => parseTargetOptions({ deployments: 'Web_1' }, 'shop'), /--target-deployment "Web_1" is not a Deployment name/);
  assert.throws(() => parseTargetOptions({ selector: 'app=(x' }, 'shop'), /is not a label selector requirement/);
  assert.throws(() => parseTargetOptions({ deployments: 'web', selector: 'app=web' }, 'shop'), /not both/);
  assert.throws(() => parseTargetOptions({ deployments: 'web', namespace: 'No' }, 'shop'), /--target-namespace "No"/);
});

test('prometheus options: URL, token (flag or environment), queries, interval', () => {
  assert.equal(parsePrometheusOptions({}, {}), undefined);
  assert.deepEqual(parsePrometheusOptions({ url: 'http://127.0.0.1:9090' }, { LTOP_PROMETHEUS_TOKEN: 't' }), {
    client: { url: 'http://127.0.0.1:9090', token: 't' },
    queries: { rate: 'sum(rate(http_requests_total[1m]))' },
    intervalMs: 5000,
  });
  assert.throws(() => parsePrometheusOptions({ query: 'up' }, {}), /needs --prometheus URL/);
  assert.deepEqual(parsePrometheusOptions({ service: 'monitoring/prometheus-k8s:web', query: 'sum(rate(x[1m]))' }, {}), {
    service: { namespace: 'monitoring', name: 'prometheus-k8s', port: 'web' },
    queries: { rate: 'sum(rate(x[1m]))' },
    intervalMs: 5000,
  });
  assert.throws(() => parsePrometheusOptions({ service: 'prometheus' }, {}), /is not NAMESPACE\/SERVICE/);
  assert.throws(() => parsePrometheusOptions({ url: 'ftp://x' }, {}), /only http and https/);
  assert.throws(() => parsePrometheusOptions({ url: 'http://x', intervalMs: 200 }, {}), /at least 1 s/);
});
