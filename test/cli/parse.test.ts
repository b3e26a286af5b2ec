import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCount, parseDuration, parseRate, parseUrl, UsageError } from '../../src/cli/parse.js';

describe('flag values', () => {
  it('durations in Locust syntax', () => {
    const parse = parseDuration('--duration');
    assert.equal(parse('90'), 90);
    assert.equal(parse('30s'), 30);
    assert.equal(parse('1m'), 60);
    assert.equal(parse('1h30m'), 5400);
    assert.equal(parse('2m30s'), 150);
    for (const bad of ['', '0', 'abc', '1x', '-5s', '1m abc']) assert.throws(() => parse(bad), UsageError, bad);
  });

  it('counts are whole and not negative', () => {
    const parse = parseCount('--workers');
    assert.equal(parse('0'), 0);
    assert.equal(parse('12'), 12);
    for (const bad of ['-1', '1.5', 'two', '']) assert.throws(() => parse(bad), /--workers must be a whole number/);
    assert.throws(() => parseCount('--users', 1)('0'), /at least 1/);
  });

  it('rates are positive numbers; URLs are http(s)', () => {
    assert.equal(parseRate('--spawn-rate')('2.5'), 2.5);
    assert.throws(() => parseRate('--spawn-rate')('0'), UsageError);
    assert.equal(parseUrl('--host')('http://127.0.0.1:8080/'), 'http://127.0.0.1:8080');
    assert.throws(() => parseUrl('--host')('ftp://x'), UsageError);
    assert.throws(() => parseUrl('--host')('not a url'), UsageError);
  });
});
