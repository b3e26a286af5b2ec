import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/cli/parse.js';
import { parseCooldown, parseList, planCells, validatePlan } from '../../src/matrix/plan.js';

describe('the matrix plan', () => {
  it('--replicas 1,2 --workers 4,8 --users 200,400: 8 cells, users innermost, keys name the folders', () => {
    const cells = planCells({ replicas: [1, 2], workers: [4, 8], users: [200, 400], durationSeconds: 120, cooldownSeconds: 15, spawnRate: 20 });
    assert.deepEqual(cells.map((cell) => cell.key), ['r1-w4-u200', 'r1-w4-u400', 'r1-w8-u200', 'r1-w8-u400', 'r2-w4-u200', 'r2-w4-u400', 'r2-w8-u200', 'r2-w8-u400']);
    assert.ok(cells.every((cell, index) => cell.index === index && cell.spawnRate === 20));
    const noTarget = planCells({ replicas: null, workers: [1], users: [5, 10], durationSeconds: 5, cooldownSeconds: 0, spawnRate: null });
    assert.deepEqual(noTarget.map((cell) => [cell.key, cell.replicas, cell.spawnRate]), [['w1-u5', null, 5], ['w1-u10', null, 10]]);
  });

  it('lists and cooldown parse like flags do: bad input is a one-line usage error', () => {
    assert.deepEqual(parseList('--users')('200, 400,800'), [200, 400, 800]);
    assert.throws(() => parseList('--users')('200,x'), (error: unknown) => error instanceof UsageError && /--users must be a comma-separated list of whole numbers/.test(error.message));
    assert.throws(() => parseList('--workers')('0,2'), /--workers values must be at least 1 \(got 0\)/);
    assert.throws(() => parseList('--replicas')('2,2'), /--replicas lists a value twice/);
    assert.throws(() => parseList('--users')(''), /comma-separated list/);
    assert.equal(parseCooldown('--cooldown')('0'), 0);
    assert.equal(parseCooldown('--cooldown')('0s'), 0);
    assert.equal(parseCooldown('--cooldown')('15s'), 15);
    assert.throws(() => parseCooldown('--cooldown')('soon'), /--cooldown must be a duration/);
  });

  it('users are swept ascending whatever order they were given in (the knee reads along them)', () => {
    assert.deepEqual(validatePlan({ replicas: null, workers: [2], users: [800, 200, 400], durationSeconds: 60, cooldownSeconds: 0, spawnRate: null }).users, [200, 400, 800]);
    assert.throws(() => validatePlan({ replicas: null, workers: [], users: [1], durationSeconds: 60, cooldownSeconds: 0, spawnRate: null }), /needs --workers/);
  });
});
