// Results on disk: ltop-results/<timestamp>/{requests.csv, failures.csv, report.html, summary.json}.
import { mkdir, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { LocustClient } from '../locust/client.js';
import type { LocustSnapshot } from '../locust/snapshot.js';
import { summarize, type RunMeta, type RunSummary } from './summary.js';

export function resultsDirName(startedAt: number): string {
  return new Date(startedAt).toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

/** Write then rename, so a reader never sees half a file even if ltop dies mid-write. */
async function writeAtomic(file: string, content: string): Promise<void> {
  const partial = `${file}.partial`;
  await writeFile(partial, content);
  await rename(partial, file);
}

export interface SavedResults {
  readonly dir: string;
  readonly summary: RunSummary;
  /** files Locust could not give (e.g. the HTML report on a version without its web bundle) */
  readonly missing: readonly string[];
}

export async function saveResults(
  client: LocustClient,
  snapshot: LocustSnapshot,
  meta: RunMeta,
  root: string,
): Promise<SavedResults> {
  const dir = path.resolve(root, resultsDirName(meta.startedAt));
  await mkdir(dir, { recursive: true });
  const summary = summarize(snapshot, meta);
  // The summary goes first: it needs nothing more from the master.
  await writeAtomic(path.join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const missing: string[] = [];
  const fetches: [string, () => Promise<string>][] = [
    ['requests.csv', () => client.requestsCsv()],
    ['failures.csv', () => client.failuresCsv()],
    ['report.html', () => client.reportHtml()],
  ];
  await Promise.all(
    fetches.map(async ([file, fetchIt]) => {
      try {
        await writeAtomic(path.join(dir, file), await fetchIt());
      } catch (error) {
        missing.push(`${file} (${error instanceof Error ? error.message : String(error)})`);
      }
    }),
  );
  return { dir, summary, missing };
}
