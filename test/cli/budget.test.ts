// --budget: only where ltop can meter a cost; anything else is a usage error (exit 2, one line).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ltop } from '../support/cli.js';

describe('--budget', () => {
  const cases: [string[], RegExp][] = [
    [['run', '--budget', '5'], /--budget needs a cost source: the local platform costs nothing to meter/],
    [['--budget', '5', '--platform', 'local'], /--budget needs a cost source/],
    [['run', '--platform', 'kube', '--budget', 'lots'], /--budget must be a positive amount of US dollars, e\.g\. 5 or 12\.50 \(got "lots"\)/],
    [['run', '--platform', 'kube', '--budget', '0'], /--budget must be a positive amount/],
  ];
  for (const [args, message] of cases) {
    it(`ltop ${args.join(' ')}: exit 2`, async () => {
      const result = await ltop(args, { timeoutMs: 20000 });
      assert.equal(result.exitCode, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, `one line: ${result.stderr}`);
    });
  }
});
