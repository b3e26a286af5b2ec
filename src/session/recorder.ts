// Recording results: which folder a save goes to, and what it says. A run is split into
// segments by whatever clears Locust's statistics (a reset, a scenario switch, a new swarm
// after a stop); each segment saves into a folder of its own, and once closed that folder is
// never written again. Saving the same numbers twice writes nothing new.
import type { LocustClient } from '../locust/client.js';
import type { LocustSnapshot } from '../locust/snapshot.js';
import { claimResultsDir, heldPicture, takePicture, writeResults, type ResultsPicture, type SavedResults, type ScalingResults } from '../report/results.js';
import type { TimelineSample } from '../target/timeline.js';
import { readRequestsCsv } from '../locust/requests-csv.js';
import type { RunMeta, SaveReason } from '../report/summary.js';

/** What the session knows about the run, asked at save time. */
export type MetaSource = () => Omit<RunMeta, 'startedAt' | 'endedAt' | 'reason' | 'partialCause'> & { readonly endedAt: number };

interface Segment {
  readonly startedAt: number;
  dir: string | null;
  lastKey: string | null;
  last: SavedResults | null;
}

export interface Capture {
  readonly picture: ResultsPicture;
  /** set when the picture is what ltop held, not what the master said */
  readonly partialCause?: string;
}

export interface SaveRequest {
  readonly reason: SaveReason;
  /** the master to ask; null when it is gone */
  readonly client: LocustClient | null;
  /** the last snapshot ltop held, used when the master cannot answer */
  readonly held: LocustSnapshot | null;
  /** why the master cannot answer, when ltop already knows */
  readonly masterLost?: string;
  /** save here instead of a folder of the segment's own (the matrix names its cells) */
  readonly dir?: string;
}

export class Recorder {
  private segment: Segment | null = null;

  constructor(
    private readonly root: string,
    private readonly meta: MetaSource,
    /** the scaling timeline ltop sampled (scaling.csv): each save takes its segment's part */
    private readonly timeline: () => readonly TimelineSample[] = () => [],
  ) {}

  private scaling(from: number, to: number): ScalingResults | undefined {
    // a sample up to one tick after the end still describes the segment's last moments
    const samples = this.timeline().filter((sample) => sample.at >= from && sample.at <= to + 2000);
    return samples.length ? { samples } : undefined;
  }

  get open(): boolean {
    return this.segment !== null;
  }

  /** Numbers from now on belong to a new segment (a swarm started, statistics were reset). */
  begin(startedAt: number): void {
    this.segment = { startedAt, dir: null, lastKey: null, last: null };
  }

  /** The current segment is final: nothing will be written to its folder again. */
  close(): void {
    this.segment = null;
  }

  /** What the master says now (or what ltop held, when it cannot answer); null when nothing ran. */
  async capture(request: Omit<SaveRequest, 'reason' | 'dir'>): Promise<Capture | null> {
    if (!this.segment) return null;
    let partialCause = request.masterLost;
    if (request.client && partialCause === undefined) {
      try {
        return { picture: await takePicture(request.client) };
      } catch (error) {
        partialCause = `the Locust master did not answer (${error instanceof Error ? error.message : String(error)})`;
      }
    }
    if (!request.held) return null;
    const cause = partialCause ?? 'the Locust master is gone';
    return { picture: heldPicture(request.held, cause), partialCause: cause };
  }

  /** Write a capture into the current segment's folder; null when it holds no request. */
  async write(capture: Capture | null, reason: SaveReason, dir?: string): Promise<SavedResults | null> {
    const segment = this.segment;
    if (!segment) return null;
    if (!capture) return segment.last;
    const { picture, partialCause } = capture;
    // the CSV is computed on each request; the JSON snapshot may be up to 2 s old
    const csv = picture.files.get('requests.csv');
    const requests = csv ? (readRequestsCsv(csv).total?.requests ?? 0) : picture.snapshot.total.requests;
    if (requests === 0) return segment.last;
    const key = `${picture.snapshot.state}/${csv ?? picture.snapshot.total.requests}`;
    if (segment.lastKey === key && segment.last && !dir) return segment.last;
    const { endedAt, ...meta } = this.meta();
    const target = dir ?? (segment.dir ??= await claimResultsDir(this.root, segment.startedAt));
    const saved = await writeResults(target, picture, { ...meta, startedAt: segment.startedAt, endedAt, reason, ...(partialCause !== undefined ? { partialCause } : {}) }, this.scaling(segment.startedAt, endedAt));
    segment.lastKey = key;
    segment.last = saved;
    return saved;
  }

  /** Save the current segment; null when nothing ran or no request was made. */
  async save(request: SaveRequest): Promise<SavedResults | null> {
    return this.write(await this.capture(request), request.reason, request.dir);
  }
}
