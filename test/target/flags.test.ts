// Issue 14's user trial: target flags that would be ignored where they were given, and empty
// queries, are usage errors (exit 2, one line), as the user ran them (the built CLI).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ltop } from '../support/cli.js';

const refused: ReadonlyArray<readonly [string[], RegExp]> = [
  [['--target-deployment', 'web'], /^ltop: --target-deployment needs --platform kube or eks/],
  [['--target-selector', 'app=web'], /^ltop: --target-selector needs --platform kube or eks/],
  [['--prometheus-service', 'monitoring/prometheus-k8s:9090'], /^ltop: --prometheus-service needs --platform kube or eks \(here use --prometheus URL\)/],
  [['--demo-replicas', '3', '--host', 'http://127.0.0.1:9'], /^ltop: --demo-replicas sets the demo target ltop starts; with --host ltop starts none/],
  [['--prometheus', 'http://127.0.0.1:9090', '--prometheus-query', ''], /^ltop: --prometheus-query is empty/],
  [['--prometheus', 'http://127.0.0.1:9090', '--prometheus-query', '  '], /^ltop: --prometheus-query is empty/],
  [['--demo-replicas', '0'], /^ltop: --demo-replicas must be a whole number from 1 to 64 \(got "0"\)/],
  [['--demo-replicas', '65'], /^ltop: --demo-replicas must be a whole number from 1 to 64 \(got "65"\)/],
];

describe('ltop run: target flags that cannot apply are usage errors', () => {
  for (const [args, message] of refused) {
    it(args.join(' ') || '(empty)', async () => {
      const r = await ltop(['run', '--headless', '--duration', '1s', ...args], { timeoutMs: 30_000 });
      assert.equal(r.exitCode, 2, r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr.trim(), message);
    });
  }
});
