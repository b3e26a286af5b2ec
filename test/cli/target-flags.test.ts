// --target-* and --prometheus*: on the command line and in --config, bad values are usage
// errors (one line, exit 2).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { COMMON, RUN, resolveOptions } from '../../src/cli/options.js';
import { UsageError } from '../../src/cli/parse.js';
import { ltop } from '../support/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ltop-w14-flags-'));

describe('target and Prometheus flags', () => {
  it('repeatable --target-deployment, the namespace, a Prometheus URL with its query and token', () => {
    const options = resolveOptions({ platform: 'kube', targetDeployment: ['web', 'api'], targetNamespace: 'shop', prometheus: 'http://127.0.0.1:9090', prometheusQuery: 'sum(rate(http_request_operations_total[1m]))', prometheusToken: 't0k' }, COMMON);
    assert.deepEqual(options.target, { deployments: ['web', 'api'], namespace: 'shop' });
    assert.deepEqual(options.prometheus?.client, { url: 'http://127.0.0.1:9090', token: 't0k' });
    assert.equal(options.prometheus?.queries.rate, 'sum(rate(http_request_operations_total[1m]))');
    const more = resolveOptions({ prometheus: 'http://127.0.0.1:9090', prometheusLatencyQuery: 'histogram_quantile(0.95, sum by (le) (rate(x_bucket[1m]))) * 1000', prometheusErrorsQuery: 'sum(rate(x{code=~"5.."}[1m]))' }, COMMON);
    assert.deepEqual(more.prometheus?.queries, { rate: 'sum(rate(http_requests_total[1m]))', latency: 'histogram_quantile(0.95, sum by (le) (rate(x_bucket[1m]))) * 1000', errors: 'sum(rate(x{code=~"5.."}[1m]))' });
  });

  it('the same in --config (a comma-separated list of Deployments)', () => {
    const file = path.join(dir, 'target.yaml');
    writeFileSync(file, 'platform: kube\ntarget-deployment: web,api\ntarget-namespace: shop\nprometheus-service: monitoring/prometheus-k8s:9090\n');
    const options = resolveOptions({ config: file }, { ...COMMON, ...RUN });
    assert.deepEqual(options.target, { deployments: ['web,api'], namespace: 'shop' });
    assert.equal(options.prometheus?.service?.name, 'prometheus-k8s');
  });

  for (const [flags, message] of [
    [{ targetDeployment: ['Web_1'] }, /--target-deployment "Web_1" is not a Deployment name/],
    [{ targetDeployment: ['web'], targetSelector: 'app=web' }, /not both/],
    [{ targetSelector: 'app==' + '(' }, /is not a label selector requirement/],
    [{ prometheusQuery: 'up' }, /--prometheus-query needs --prometheus URL/],
    [{ prometheusLatencyQuery: 'up' }, /--prometheus-latency-query needs --prometheus URL/],
    [{ prometheus: 'ftp://x' }, /--prometheus ftp:\/\/x: only http and https URLs/],
    [{ prometheusService: 'prometheus' }, /is not NAMESPACE\/SERVICE\[:PORT\]/],
  ] as const) {
    it(`refuses ${JSON.stringify(flags)}`, () => {
      assert.throws(() => resolveOptions({ ...flags }, COMMON), (error: unknown) => error instanceof UsageError && message.test(error.message));
    });
  }

  it('the built CLI: one line on stderr, exit 2', async () => {
    const result = await ltop(['run', '--headless', '--target-deployment', 'Bad!']);
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /^ltop: --target-deployment "Bad!" is not a Deployment name/);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });
});
