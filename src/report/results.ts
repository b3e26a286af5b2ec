// Results on disk: ltop-results/<timestamp>/{requests.csv, failures.csv, report.html, summary.json}
// and, when ltop sampled the system under test, scaling.csv and the timeline inside report.html.
// One picture: the three files Locust gives are fetched together, and the summary is computed
// from the requests CSV among them, so summary.json and requests.csv always say the same.
import { mkdir, mkdtemp, rename, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LocustClient } from '../locust/client.js';
import type { LocustSnapshot } from '../locust/snapshot.js';
import { readRequestsCsv } from '../locust/requests-csv.js';
import { scalingCsv, scalingFigures, type TimelineSample } from '../target/timeline.js';
import { scalingSection, withScalingSection } from './scaling-html.js';
import { summarize, type RunMeta, type RunSummary } from './summary.js';

/** `dir` and the folders above it, the root first. */
function levels(dir: string): string[] {
  const absolute = path.resolve(dir);
  const all: string[] = [];
  for (let level = absolute; ; level = path.dirname(level)) {
    all.unshift(level);
    if (path.dirname(level) === level) return all;
  }
}

const statOrNull = (dir: string) => stat(dir).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)));

/**
 * Whether results can go under `root`, leaving nothing behind: the nearest folder that exists
 * must be a folder ltop can make folders in. Checked before a swarm starts, so that a bad
 * --results-dir costs nothing instead of the run.
 */
export async function checkResultsRoot(root: string): Promise<void> {
  for (const dir of levels(root).reverse()) {
    const found = await statOrNull(dir);
    if (!found) continue;
    if (!found.isDirectory()) throw new Error(`${dir} is not a folder`);
    // a folder made and removed: permission bits say nothing for root, /proc or a read-only mount
    await rmdir(await mkdtemp(path.join(dir, '.ltop-check-')));
    return;
  }
}

/** The results folder and its parents, made one level at a time: mkdir's recursive mode never returns on a path under /proc (Node 22). */
async function prepareResultsRoot(root: string): Promise<void> {
  for (const dir of levels(root)) {
    const found = await statOrNull(dir);
    if (found?.isDirectory()) continue;
    if (found) throw new Error(`${dir} is not a folder`);
    await mkdir(dir).catch((error: NodeJS.ErrnoException) => (error.code === 'EEXIST' ? undefined : Promise.reject(error)));
  }
}

export function resultsDirName(startedAt: number): string {
  return new Date(startedAt).toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

/**
 * A folder of its own for one run (or one part of a run, split by a reset or a switch): named
 * by when it started, with -2, -3… when that name is taken, so no save lands on another's.
 */
export async function claimResultsDir(root: string, startedAt: number): Promise<string> {
  await prepareResultsRoot(root);
  const base = path.resolve(root, resultsDirName(startedAt));
  for (let attempt = 1; ; attempt++) {
    const dir = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      await mkdir(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Write then rename, so a reader never sees half a file even if ltop dies mid-write. */
async function writeAtomic(file: string, content: string): Promise<void> {
  const partial = `${file}.partial`;
  await writeFile(partial, content);
  await rename(partial, file);
}

/** What the master said at one moment, every file fetched together. */
export interface ResultsPicture {
  readonly snapshot: LocustSnapshot;
  readonly files: ReadonlyMap<string, string>;
  /** files that could not be had, each with its reason */
  readonly missing: readonly string[];
}

const FILES: readonly [string, (client: LocustClient) => Promise<string>][] = [
  ['report.html', (client) => client.reportHtml()],
  ['failures.csv', (client) => client.failuresCsv()],
  // last: the summary is computed from it, and a reset that follows clears the master at once
  ['requests.csv', (client) => client.requestsCsv()],
];

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function takePicture(client: LocustClient): Promise<ResultsPicture> {
  const snapshot = await client.snapshot();
  const files = new Map<string, string>();
  const missing: string[] = [];
  // One after another, the slow HTML first: the numbers that count (requests.csv) are the
  // newest, and nothing the master learns while the HTML is rendered is left out of them.
  for (const [name, fetchIt] of FILES) {
    try {
      files.set(name, await fetchIt(client));
    } catch (error) {
      missing.push(`${name} (${reason(error)})`);
    }
  }
  return { snapshot, files, missing };
}

/** The picture ltop still holds when the master is gone: its last snapshot, no files. */
export function heldPicture(snapshot: LocustSnapshot, cause: string): ResultsPicture {
  // recorded as it ended: the master gone (not the "running" it last said), and the workers it
  // last had with it: none connected, all missing
  return { snapshot: { ...snapshot, state: 'missing', workers: snapshot.workers.map((worker) => ({ ...worker, state: 'missing' as const })) }, files: new Map(), missing: FILES.map(([name]) => `${name} (${cause})`) };
}

export interface SavedResults {
  readonly dir: string;
  readonly summary: RunSummary;
  /** files Locust could not give (e.g. the HTML report on a version without its web bundle) */
  readonly missing: readonly string[];
}

/** The scaling timeline of the segment: scaling.csv beside the others, its figures in summary.json, its chart in report.html. */
export interface ScalingResults {
  readonly samples: readonly TimelineSample[];
}

export async function writeResults(dir: string, picture: ResultsPicture, meta: RunMeta, scaling?: ScalingResults): Promise<SavedResults> {
  await mkdir(dir, { recursive: true });
  const csvText = picture.files.get('requests.csv');
  const summarized = summarize(csvText ? readRequestsCsv(csvText) : null, picture.snapshot, meta);
  // nothing after the run's end (the recorder takes a sample's worth of slack past it)
  const samples = scaling?.samples.filter((x) => x.at <= meta.endedAt);
  const figures = samples ? scalingFigures(samples) : undefined;
  const summary: RunSummary = figures ? { ...summarized, scaling: figures } : summarized;
  const files = new Map(picture.files);
  if (samples && figures) {
    files.set('scaling.csv', scalingCsv(samples));
    const report = files.get('report.html');
    if (report !== undefined) files.set('report.html', withScalingSection(report, scalingSection(samples, figures)));
  }
  await Promise.all([...files].map(([name, content]) => writeAtomic(path.join(dir, name), content)));
  // The summary last: a summary.json on disk means the files beside it are complete.
  await writeAtomic(path.join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return { dir, summary, missing: picture.missing };
}
