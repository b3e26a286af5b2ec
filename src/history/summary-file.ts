// summary.json on disk: find it (a file, a run's folder, or a results folder's newest run),
// read it tolerantly (a broken file is a one-line error, never a crash), and add fields to it.
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../cli/parse.js';
import type { CheckResult } from '../checks/check.js';
import type { RunSummary } from '../report/summary.js';

export const SUMMARY_FILE = 'summary.json';

/** What ltop adds to a run's summary after judging it. */
export interface SummaryExtras {
  readonly checks?: readonly CheckResult[];
  readonly baseline?: unknown;
}

export type StoredSummary = RunSummary & SummaryExtras;

/** A summary that cannot be used: missing, not JSON, not ltop's shape. A usage error where the user named it. */
export class SummaryFileError extends UsageError {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields everything downstream reads; anything else may be missing in an older or partial file. */
export function asSummary(value: unknown): StoredSummary | string {
  if (!isRecord(value)) return 'not a JSON object';
  const totals = value['totals'];
  if (!isRecord(totals)) return 'no "totals"';
  for (const field of ['requests', 'failures', 'rps']) if (typeof totals[field] !== 'number') return `totals.${field} is not a number`;
  if (!Array.isArray(value['endpoints'])) return 'no "endpoints" list';
  if (typeof value['startedAt'] !== 'string' || Number.isNaN(Date.parse(value['startedAt']))) return 'no valid "startedAt"';
  return value as unknown as StoredSummary;
}

export async function readSummaryFile(file: string): Promise<StoredSummary> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SummaryFileError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SummaryFileError(`${file} is not JSON (a run cut off while writing?)`);
  }
  const summary = asSummary(parsed);
  if (typeof summary === 'string') throw new SummaryFileError(`${file} is not an ltop summary: ${summary}`);
  return summary;
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then((info) => info.isFile(), () => false);
}

/**
 * PATH -> the summary.json it means: the file itself, a run folder's summary, or (for a results
 * folder such as ./ltop-results) the newest run in it, by folder name (they are timestamps).
 */
export async function resolveSummaryPath(target: string): Promise<string> {
  const info = await stat(target).catch(() => null);
  if (!info) throw new SummaryFileError(`${target}: no such file or folder`);
  if (info.isFile()) return target;
  const own = path.join(target, SUMMARY_FILE);
  if (await isFile(own)) return own;
  const entries = (await readdir(target, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort().reverse();
  for (const name of entries) {
    const candidate = path.join(target, name, SUMMARY_FILE);
    if (await isFile(candidate)) return candidate;
  }
  throw new SummaryFileError(`${target} holds no ${SUMMARY_FILE} (neither itself nor any run folder in it)`);
}

export async function loadSummary(target: string): Promise<{ file: string; summary: StoredSummary }> {
  const file = await resolveSummaryPath(target);
  return { file, summary: await readSummaryFile(file) };
}

/** Add fields (checks, baseline) to a saved summary, write then rename like every results file. */
export async function amendSummary(dir: string, extras: SummaryExtras): Promise<StoredSummary> {
  const file = path.join(dir, SUMMARY_FILE);
  const summary = { ...(await readSummaryFile(file)), ...extras };
  const partial = `${file}.partial`;
  await writeFile(partial, `${JSON.stringify(summary, null, 2)}\n`);
  await rename(partial, file);
  return summary;
}
