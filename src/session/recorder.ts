// Recording results: which folder a save goes to, and what it says. A run is split into
// segments by whatever clears Locust's statistics (a reset, a scenario switch, a new swarm
// after a stop); each segment saves into a folder of its own, and once closed that folder is
// never written again. Saving the same numbers twice writes nothing new.
import type { LocustClient } from '../locust/client.js';
import type { LocustSnapshot } from '../locust/snapshot.js';
import { claimResultsDir, heldPicture, takePicture, writeResults, type ResultsPicture, type SavedResults } from '../report/results.js';
import { readRequestsCsv } from '../report/requests-csv.js';
import type { RunMeta, SaveReason } from '../report/summary.js';

/** What the session knows about the run, asked at save time. */
export type MetaSource = () => Omit<RunMeta, 'startedAt' | 'endedAt' | 'reason' | 'partialCause'> & { readonly endedAt: number };

interface Segment {
  readonly startedAt: number;
  dir: string | null;
  lastKey: string | null;
  last: SavedResults | null;
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
  ) {}

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

  /** Save the current segment; null when nothing ran or no request was made. */
  async save(request: SaveRequest): Promise<SavedResults | null> {
    const segment = this.segment;
    if (!segment) return null;
    let picture: ResultsPicture | null = null;
    let partialCause = request.masterLost;
    if (request.client && partialCause === undefined) {
      try {
        picture = await takePicture(request.client);
      } catch (error) {
        partialCause = `the Locust master did not answer (${error instanceof Error ? error.message : String(error)})`;
      }
    }
    if (!picture) {
      if (!request.held) return segment.last;
      picture = heldPicture(request.held, partialCause ?? 'the Locust master is gone');
    }
    // the CSV is computed on each request; the JSON snapshot may be up to 2 s old
    const csv = picture.files.get('requests.csv');
    const requests = csv ? (readRequestsCsv(csv).total?.requests ?? 0) : picture.snapshot.total.requests;
    if (requests === 0) return segment.last;
    const key = `${picture.snapshot.state}/${picture.files.get('requests.csv') ?? picture.snapshot.total.requests}`;
    if (segment.lastKey === key && segment.last && !request.dir) return segment.last;
    const { endedAt, ...meta } = this.meta();
    const dir = request.dir ?? (segment.dir ??= await claimResultsDir(this.root, segment.startedAt));
    const saved = await writeResults(dir, picture, {
      ...meta,
      startedAt: segment.startedAt,
      endedAt,
      reason: request.reason,
      ...(partialCause !== undefined && picture.files.size === 0 ? { partialCause } : {}),
    });
    segment.lastKey = key;
    segment.last = saved;
    return saved;
  }
}
