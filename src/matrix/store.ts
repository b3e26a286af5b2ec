// The sweep's files: matrix.csv and matrix.json rewritten after every cell (write then rename),
// so an interrupted sweep loses at most the running cell; and read back for --resume.
import { stringify } from 'csv-stringify/sync';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../cli/parse.js';
import type { MatrixPlan } from './plan.js';
import { CSV_COLUMNS, csvRow, statusText, type CellRecord } from './record.js';

export const CSV_FILE = 'matrix.csv';
export const JSON_FILE = 'matrix.json';
export const REPORT_FILE = 'report.md';

export interface SweepFile {
  readonly version: 1;
  readonly startedAt: string;
  readonly plan: MatrixPlan;
  /** in cell order */
  readonly cells: readonly CellRecord[];
  readonly state: 'running' | 'completed' | 'stopped';
  /** where the cells ran (local, kube, eks): --resume must run the rest there too */
  readonly platform?: string;
}

export function matrixDirName(startedAt: number): string {
  return `matrix-${new Date(startedAt).toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}`;
}

async function writeAtomic(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  await writeFile(partial, content);
  await rename(partial, file);
}

export function renderCsv(cells: readonly CellRecord[]): string {
  return stringify([[...CSV_COLUMNS], ...cells.map(csvRow)]);
}

export async function saveSweep(dir: string, sweep: SweepFile): Promise<void> {
  const cells = [...sweep.cells].sort((a, b) => a.index - b.index);
  await writeAtomic(path.join(dir, JSON_FILE), `${JSON.stringify({ ...sweep, cells }, null, 2)}\n`);
  await writeAtomic(path.join(dir, CSV_FILE), renderCsv(cells));
}

export async function saveReport(dir: string, markdown: string): Promise<void> {
  await writeAtomic(path.join(dir, REPORT_FILE), markdown);
}

/** --resume DIR: the plan and the cells already recorded. A usage error when DIR is not a sweep. */
export async function loadSweep(dir: string): Promise<SweepFile> {
  const file = path.join(dir, JSON_FILE);
  let parsed: Partial<SweepFile>;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<SweepFile>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `--resume ${dir}: no ${JSON_FILE} there (not a matrix folder?)` : `--resume ${dir}: ${JSON_FILE} is unreadable`);
  }
  if (parsed.version !== 1 || !parsed.plan || !Array.isArray(parsed.cells) || typeof parsed.startedAt !== 'string') throw new UsageError(`--resume ${dir}: ${JSON_FILE} is not a sweep ltop wrote`);
  return parsed as SweepFile;
}

/**
 * A failed cell's folder, as matrix.json names it: what the run saved there (if anything) stays,
 * and failure.txt says why, so the folder is never missing.
 */
export async function saveCellFailure(dir: string, record: CellRecord): Promise<void> {
  const cellDir = path.join(dir, record.dir);
  await mkdir(cellDir, { recursive: true });
  await writeFile(path.join(cellDir, 'failure.txt'), `${statusText(record)}\n`);
}
