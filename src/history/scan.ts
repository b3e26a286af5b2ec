// Past runs under a results folder: every folder holding a summary.json, up to three levels
// down (plain runs, matrix cells). A folder that looks like a run but whose summary is missing or
// broken is listed with the reason, so a run cut off mid-write is seen, not silently dropped.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readSummaryFile, SUMMARY_FILE, type StoredSummary } from './summary-file.js';

export type HistoryEntry =
  | { readonly ok: true; readonly dir: string; readonly startedAt: number; readonly summary: StoredSummary }
  | { readonly ok: false; readonly dir: string; readonly startedAt: number; readonly problem: string };

const MAX_DEPTH = 3;
/** resultsDirName(): 2027-01-15T08-00-00Z */
const RUN_FOLDER = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/;

function timeFromFolder(name: string): number | null {
  if (!RUN_FOLDER.test(name)) return null;
  const iso = name.replace(/T(\d{2})-(\d{2})-(\d{2})Z$/, 'T$1:$2:$3Z');
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : time;
}

async function entryFor(dir: string): Promise<HistoryEntry | null> {
  const file = path.join(dir, SUMMARY_FILE);
  const info = await stat(file).catch(() => null);
  const folderTime = timeFromFolder(path.basename(dir));
  if (!info) {
    if (folderTime === null) return null; // not a run folder at all (a matrix folder, something else)
    return { ok: false, dir, startedAt: folderTime, problem: `no ${SUMMARY_FILE} (cut off before the first save?)` };
  }
  try {
    const summary = await readSummaryFile(file);
    return { ok: true, dir, startedAt: Date.parse(summary.startedAt), summary };
  } catch (error) {
    return { ok: false, dir, startedAt: folderTime ?? info.mtimeMs, problem: error instanceof Error ? error.message.replace(`${file} `, '') : String(error) };
  }
}

async function walk(dir: string, depth: number, found: HistoryEntry[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const child = path.join(dir, entry.name);
    const run = await entryFor(child);
    if (run) found.push(run);
    else if (depth < MAX_DEPTH) await walk(child, depth + 1, found);
  }
}

/** Newest first. A missing results folder is an empty history, not an error. */
export async function scanHistory(root: string): Promise<HistoryEntry[]> {
  const found: HistoryEntry[] = [];
  await walk(root, 1, found);
  return found.sort((a, b) => b.startedAt - a.startedAt || b.dir.localeCompare(a.dir));
}
