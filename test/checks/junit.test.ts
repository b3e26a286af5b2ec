import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { judgeChecks } from '../../src/checks/judge.js';
import { parseChecks } from '../../src/checks/parse.js';
import { checksSuite, renderJUnit, writeJUnit } from '../../src/report/junit.js';
import { schemaErrors } from './junit-schema.js';
import { realSummary, STARTED_AT } from './summary-fixture.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) });

interface ParsedCase { name: string; classname: string; time: string; failure?: { message: string; type: string; '#text': string }; error?: { message: string; type: string } }
interface ParsedSuite { name: string; tests: string; failures: string; errors: string; timestamp: string; testcase?: ParsedCase[]; properties: { property: { name: string; value: string }[] } }

function parse(xml: string): { testsuites: { testsuite: ParsedSuite[] } } {
  return parser.parse(xml) as ReturnType<typeof parse>;
}

const gated = () => {
  const summary = realSummary();
  const results = judgeChecks(parseChecks('p95<500ms, fail_ratio<1%, rps>100, GET /nope: p95<1s, GET /index.html: p99<=8ms'), summary);
  return checksSuite(results, { name: 'ltop checks: jsonplaceholder', startedAt: STARTED_AT, durationSeconds: summary.durationSeconds, properties: { scenario: summary.scenario, resultsDir: '/tmp/r & "d"' } });
};

describe('JUnit XML for gated runs', () => {
  it('one test case per check; breaches are failures with the result line, unmeasurable checks errors', () => {
    const doc = parse(renderJUnit([gated()], 'ci-runner'));
    const suite = doc.testsuites.testsuite[0]!;
    assert.deepEqual([suite.tests, suite.failures, suite.errors], ['5', '2', '1']);
    assert.equal(suite.name, 'ltop checks: jsonplaceholder');
    assert.equal(suite.timestamp, '2027-01-15T08:00:00');
    assert.deepEqual(suite.testcase?.map((testcase) => testcase.name), ['p95<500ms', 'fail_ratio<1%', 'rps>100', 'GET /nope: p95<1s', 'GET /index.html: p99<=8ms']);
    const [p95, ratio, rps, nope, endpoint] = suite.testcase!;
    assert.equal(p95?.failure, undefined);
    assert.equal(p95?.error, undefined);
    assert.equal(ratio?.failure?.message, 'FAIL fail_ratio 22.6% < 1%');
    assert.equal(ratio?.failure?.type, 'SLO');
    assert.equal(rps?.failure?.message, 'FAIL rps 32.4 > 100');
    assert.equal(nope?.error?.message, 'ERROR GET /nope: p95 not judged: no endpoint "GET /nope" in this run');
    assert.equal(endpoint?.classname, 'ltop.checks.GET /index.html');
    assert.deepEqual(suite.properties.property.find((property) => property.name === 'resultsDir')?.value, '/tmp/r & "d"');
  });

  it('valid against the Jenkins junit-4 schema and the strict Apache Ant schema', async () => {
    const errors = await schemaErrors(renderJUnit([gated()]));
    assert.deepEqual(errors, { 'jenkins-junit.xsd': [], 'JUnit.xsd': [] });
  });

  it('markup and control characters in names and messages stay well-formed and valid', async () => {
    const suite = { name: 'a <b> & "c"', startedAt: STARTED_AT, timeSeconds: 1.23456, cases: [{ name: 'x\u0007y<z', classname: 'ltop', timeSeconds: 0, failure: { message: 'bell \u0007 & <tag>', type: 'SLO', detail: ']]> end' } }] };
    const xml = renderJUnit([suite]);
    assert.doesNotMatch(xml, /\u0007/);
    const parsed = parse(xml).testsuites.testsuite[0]!;
    assert.equal(parsed.name, 'a <b> & "c"');
    assert.equal(parsed.testcase?.[0]?.failure?.message, 'bell \uFFFD & <tag>');
    assert.equal(parsed.testcase?.[0]?.failure?.['#text'], ']]> end');
    assert.deepEqual(await schemaErrors(xml), { 'jenkins-junit.xsd': [], 'JUnit.xsd': [] });
  });

  it('the schema check is real: a test case without a name is rejected by both schemas', async () => {
    const broken = renderJUnit([gated()]).replace(/<testcase name="[^"]*"/, '<testcase');
    const errors = await schemaErrors(broken);
    assert.ok(errors['jenkins-junit.xsd']!.some((line) => /name.*required/.test(line)), errors['jenkins-junit.xsd']!.join('\n'));
    assert.ok(errors['JUnit.xsd']!.length > 0);
  });

  it('an empty suite (no checks) is still a valid document', async () => {
    assert.deepEqual(await schemaErrors(renderJUnit([{ name: 'empty', startedAt: STARTED_AT, timeSeconds: 0, cases: [] }])), { 'jenkins-junit.xsd': [], 'JUnit.xsd': [] });
  });

  it('writeJUnit leaves only the finished file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ltop-junit-'));
    const file = path.join(dir, 'junit.xml');
    await writeJUnit(file, [gated()]);
    assert.match(readFileSync(file, 'utf8'), /^<\?xml version="1.0" encoding="UTF-8"\?>/);
  });
});
