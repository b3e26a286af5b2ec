// JUnit XML: what CI systems (Jenkins, GitLab, GitHub Actions reporters) read as test results.
// One <testsuite> per gated run or matrix, one <testcase> per check or cell. The output is
// valid against both the Jenkins junit-4 schema and the stricter Apache Ant schema, which
// between them cover every common reader. Pure, except writeJUnit.
import { XMLBuilder } from 'fast-xml-parser';
import { hostname } from 'node:os';
import { rename, writeFile } from 'node:fs/promises';
import type { CheckResult } from '../checks/check.js';

export interface JUnitProblem {
  /** one line: what CI shows in its list */
  readonly message: string;
  /** a word: SLO, NotMeasured, CellFailed… */
  readonly type: string;
  /** more detail, shown when the case is opened */
  readonly detail?: string;
}

export interface JUnitCase {
  readonly name: string;
  readonly classname: string;
  readonly timeSeconds: number;
  /** a breached expectation */
  readonly failure?: JUnitProblem;
  /** could not be judged at all */
  readonly error?: JUnitProblem;
}

export interface JUnitSuite {
  readonly name: string;
  /** epoch ms the run or sweep started */
  readonly startedAt: number;
  readonly timeSeconds: number;
  readonly cases: readonly JUnitCase[];
  readonly properties?: Readonly<Record<string, string | number>>;
  readonly output?: string;
}

/** XML 1.0 cannot carry most control characters, even escaped: a stray one in an error message would make the file unreadable. */
function xmlSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD');
}

/** The Ant schema wants a local timestamp without zone; ltop writes UTC and says so in a property. */
function antTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d+Z$/, '');
}

const seconds = (value: number): string => (Math.round(Math.max(0, value) * 1000) / 1000).toFixed(3);

function problemNode(problem: JUnitProblem): Record<string, unknown> {
  return { '@_message': xmlSafe(problem.message), '@_type': xmlSafe(problem.type), '#text': xmlSafe(problem.detail ?? problem.message) };
}

function caseNode(testcase: JUnitCase): Record<string, unknown> {
  return {
    '@_name': xmlSafe(testcase.name),
    '@_classname': xmlSafe(testcase.classname),
    '@_time': seconds(testcase.timeSeconds),
    // the Ant schema allows one error or one failure per case, not both
    ...(testcase.error ? { error: problemNode(testcase.error) } : testcase.failure ? { failure: problemNode(testcase.failure) } : {}),
  };
}

function count(suite: JUnitSuite, what: 'failure' | 'error'): number {
  return suite.cases.filter((testcase) => (what === 'error' ? testcase.error : !testcase.error && testcase.failure)).length;
}

export function renderJUnit(suites: readonly JUnitSuite[], host: string = hostname() || 'localhost'): string {
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', suppressEmptyNode: false, processEntities: true });
  const suiteNodes = suites.map((suite, index) => {
    const failures = count(suite, 'failure');
    const errors = count(suite, 'error');
    const properties = Object.entries({ timezone: 'UTC', ...suite.properties }).map(([name, value]) => ({ '@_name': name, '@_value': xmlSafe(String(value)) }));
    return {
      '@_name': xmlSafe(suite.name),
      '@_package': 'ltop',
      '@_id': String(index),
      '@_timestamp': antTimestamp(suite.startedAt),
      '@_hostname': xmlSafe(host),
      '@_tests': String(suite.cases.length),
      '@_failures': String(failures),
      '@_errors': String(errors),
      '@_time': seconds(suite.timeSeconds),
      properties: { property: properties },
      testcase: suite.cases.map(caseNode),
      'system-out': xmlSafe(suite.output ?? ''),
      'system-err': '',
    };
  });
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    // no attributes on <testsuites>: the Ant schema allows none; readers add up the suites
    testsuites: { testsuite: suiteNodes },
  };
  return builder.build(document) as string;
}

/** A gated run: one test case per check, named by the check as written (stable across runs, so CI can track it). */
export function checksSuite(results: readonly CheckResult[], run: { readonly name: string; readonly startedAt: number; readonly durationSeconds: number; readonly properties?: Readonly<Record<string, string | number>> }): JUnitSuite {
  return {
    name: run.name,
    startedAt: run.startedAt,
    timeSeconds: run.durationSeconds,
    ...(run.properties ? { properties: run.properties } : {}),
    output: results.map((result) => result.line).join('\n'),
    cases: results.map((result) => ({
      name: result.check,
      classname: `ltop.checks.${result.scope}`,
      timeSeconds: 0,
      ...(result.status === 'fail' ? { failure: { message: result.line, type: 'SLO' } } : {}),
      ...(result.status === 'error' ? { error: { message: result.line, type: 'NotMeasured' } } : {}),
    })),
  };
}

/** Write then rename: a CI step that picks the file up never reads half of it. */
export async function writeJUnit(file: string, suites: readonly JUnitSuite[]): Promise<void> {
  const partial = `${file}.partial`;
  await writeFile(partial, renderJUnit(suites));
  await rename(partial, file);
}
