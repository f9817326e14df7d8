// The storage witness: which checkpoints and savepoints S3 retains, read from the `_metadata`
// files Flink wrote (directory names cross-checked against the ids in their headers).
import type { S3Client } from '@aws-sdk/client-s3';
import type { Snapshot } from '../oracle/snapshot.ts';
import { progress } from '../support/progress.ts';
import { asPrefix, getBytes, getObjectStart, listObjects, parseS3Uri, toS3Uri, type S3Location } from './s3.ts';
import { StorageNotFoundError } from './errors.ts';
import { METADATA_HEADER_BYTES, parseMetadataHeader } from './metadata.ts';
import { completedBy, orderSnapshots, parseCheckpointKey, parseSavepointKey } from './layout.ts';
import { mapLimit } from './map-limit.ts';

/** A snapshot found in storage. `completedAt` is the LastModified of its `_metadata`. */
export interface StoredSnapshot extends Snapshot {
  /** Format version from the `_metadata` header. */
  metadataVersion?: number;
  /** Savepoints: the job id prefix in the directory name (only a prefix, never the whole id). */
  jobIdPrefix?: string;
  /** Set when the header could not be read or disagrees with the directory name. */
  problem?: string;
}

/** What is at a snapshot path. `exists` false: no `_metadata` there. */
export interface MetadataInfo {
  exists: boolean;
  checkpointId?: number;
  version?: number;
  lastModified?: number;
  /** Set when `_metadata` exists but its header is unreadable. */
  problem?: string;
}

export interface StorageInspectorOptions {
  /** Receives one line per unreadable or inconsistent `_metadata`; default: support/progress. */
  onProblem?: (line: string) => void;
}

const READ_CONCURRENCY = 8;

/** Reads snapshot state from S3; every method is read-only. Errors: those of ./errors.ts. */
export class StorageInspector {
  readonly #s3: S3Client;
  readonly #onProblem: (line: string) => void;

  constructor(s3: S3Client, options: StorageInspectorOptions = {}) {
    this.#s3 = s3;
    this.#onProblem = options.onProblem ?? ((line) => progress(line));
  }

  /**
   * Every completed checkpoint `<dir>/<jobId>/chk-N/_metadata` (of one job, or of every job under
   * the directory), ascending by N as a number. id is N; a header with another id (or none
   * readable) is kept, with `problem` set and reported. A `_metadata` deleted between listing
   * and reading (Flink discarding a subsumed checkpoint) is left out.
   */
  async retainedCheckpoints(checkpointDirUri: string, jobId?: string): Promise<StoredSnapshot[]> {
    const dir = parseS3Uri(checkpointDirUri);
    const base = asPrefix(dir.key);
    const objects = await listObjects(this.#s3, dir.bucket, jobId ? `${base}${jobId}/` : base);
    const found = objects.flatMap((object) => {
      const parsed = parseCheckpointKey(object.key.slice(base.length));
      return parsed ? [{ ...parsed, key: object.key, lastModified: object.lastModified }] : [];
    });
    const snapshots = await mapLimit(found, READ_CONCURRENCY, async (entry): Promise<StoredSnapshot | undefined> => {
      const header = await this.#header(dir, entry.key);
      if (!header.exists) return undefined; // discarded (subsumed) between listing and reading
      const snapshot: StoredSnapshot = {
        kind: 'checkpoint',
        id: entry.id,
        path: toS3Uri(dir.bucket, `${base}${entry.dir}`, dir.scheme),
        jobId: entry.jobId,
        completedAt: entry.lastModified,
        seenBy: ['storage'],
      };
      if (header.version !== undefined) snapshot.metadataVersion = header.version;
      const problem = header.problem ?? (header.checkpointId !== entry.id ? `header says checkpoint ${header.checkpointId}` : undefined);
      if (problem) {
        snapshot.problem = problem;
        this.#onProblem(`storage: ${snapshot.path}/_metadata: ${problem}`);
      }
      return snapshot;
    });
    return orderSnapshots(snapshots.filter((s): s is StoredSnapshot => s !== undefined));
  }

  /**
   * Every savepoint `<dir>/savepoint-*\/_metadata`, ascending by the checkpoint id in its header.
   * Savepoints whose header is unreadable have no id: they are left out and reported.
   */
  async savepoints(savepointDirUri: string): Promise<StoredSnapshot[]> {
    const dir = parseS3Uri(savepointDirUri);
    const base = asPrefix(dir.key);
    const objects = await listObjects(this.#s3, dir.bucket, base);
    const found = objects.flatMap((object) => {
      const parsed = parseSavepointKey(object.key.slice(base.length));
      return parsed ? [{ ...parsed, key: object.key, lastModified: object.lastModified }] : [];
    });
    const snapshots = await mapLimit(found, READ_CONCURRENCY, async (entry): Promise<StoredSnapshot | undefined> => {
      const path = toS3Uri(dir.bucket, `${base}${entry.dir}`, dir.scheme);
      const header = await this.#header(dir, entry.key);
      if (header.checkpointId === undefined) {
        if (!header.exists) return undefined;
        this.#onProblem(`storage: ${path}/_metadata: ${header.problem ?? 'no checkpoint id'}; savepoint left out`);
        return undefined;
      }
      return {
        kind: 'savepoint',
        id: header.checkpointId,
        path,
        completedAt: entry.lastModified,
        seenBy: ['storage'],
        ...(header.version !== undefined ? { metadataVersion: header.version } : {}),
        ...(entry.jobIdPrefix ? { jobIdPrefix: entry.jobIdPrefix } : {}),
      };
    });
    return orderSnapshots(snapshots.filter((s): s is StoredSnapshot => s !== undefined));
  }

  /** Reads `<path>/_metadata` (or `path` itself if it ends in /_metadata): header and LastModified. */
  async metadataAt(pathUri: string): Promise<MetadataInfo> {
    const location = parseS3Uri(pathUri.replace(/\/+$/, ''));
    const key = /(^|\/)_metadata$/.test(location.key) ? location.key : `${asPrefix(location.key)}_metadata`;
    return this.#header(location, key);
  }

  /** The whole `<path>/_metadata` (operator entries, not just the header). StorageNotFoundError if absent. */
  async metadataBytes(pathUri: string): Promise<Uint8Array> {
    const location = parseS3Uri(pathUri.replace(/\/+$/, ''));
    const key = /(^|\/)_metadata$/.test(location.key) ? location.key : `${asPrefix(location.key)}_metadata`;
    return getBytes(this.#s3, location.bucket, key);
  }

  /**
   * Retained checkpoints and savepoints whose `_metadata` was written by `time` (LastModified
   * <= time; S3 timestamps may be rounded to the second), ordered by id.
   */
  async snapshotsAt(time: number, dirs: { checkpoints: string; savepoints: string; jobId?: string }): Promise<StoredSnapshot[]> {
    const [checkpoints, savepoints] = await Promise.all([this.retainedCheckpoints(dirs.checkpoints, dirs.jobId), this.savepoints(dirs.savepoints)]);
    return orderSnapshots(completedBy([...checkpoints, ...savepoints], time));
  }

  async #header(location: S3Location, key: string): Promise<MetadataInfo> {
    let read: { bytes: Uint8Array; lastModified: number };
    try {
      read = await getObjectStart(this.#s3, location.bucket, key, METADATA_HEADER_BYTES);
    } catch (error) {
      if (error instanceof StorageNotFoundError) return { exists: false };
      const status = (error as { cause?: { $metadata?: { httpStatusCode?: number } } }).cause?.$metadata?.httpStatusCode;
      if (status === 416) return { exists: true, problem: 'empty _metadata' };
      throw error;
    }
    try {
      const header = parseMetadataHeader(read.bytes);
      return { exists: true, checkpointId: header.checkpointId, version: header.version, lastModified: read.lastModified };
    } catch (error) {
      return { exists: true, lastModified: read.lastModified, problem: error instanceof Error ? error.message : String(error) };
    }
  }
}
