// Flink's layout of snapshots in storage, as pure functions: which keys are completed
// checkpoints and savepoints, and how snapshots order (numerically: chk-9 before chk-10).
import type { Snapshot } from '../oracle/snapshot.ts';

/** Where a deployment keeps its state; every path is an s3:// URI on the deployment's storage. */
export interface StoragePaths {
  bucket: string;
  checkpoints: string;
  savepoints: string;
  ha: string;
  output: string;
  control: string;
}

/** A completed checkpoint's `_metadata` key, relative to the checkpoint directory. */
export interface CheckpointKey {
  jobId: string;
  /** N of chk-N, as a number. */
  id: number;
  /** Directory of the checkpoint relative to the checkpoint directory: `<jobId>/chk-N`. */
  dir: string;
}

/** A savepoint's `_metadata` key, relative to the savepoint directory. */
export interface SavepointKey {
  /** `savepoint-<jobIdPrefix>-<random>` */
  dir: string;
  /** The first characters of the job id Flink put in the name ('' if the name has another form). */
  jobIdPrefix: string;
}

/** N of a `chk-N` directory name as a number; undefined for anything else (chk-, chk-1a, chk-01 too). */
export function checkpointNumber(dirName: string): number | undefined {
  const match = /^chk-(0|[1-9][0-9]*)$/.exec(dirName);
  if (!match?.[1]) return undefined;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) ? id : undefined;
}

/** Parses `<jobId>/chk-N/_metadata`; undefined for every other key (shared/, taskowned/, state files). */
export function parseCheckpointKey(relativeKey: string): CheckpointKey | undefined {
  const parts = relativeKey.split('/');
  if (parts.length !== 3 || parts[2] !== '_metadata' || !parts[0]) return undefined;
  const id = checkpointNumber(parts[1] ?? '');
  return id === undefined ? undefined : { jobId: parts[0], id, dir: `${parts[0]}/${parts[1]}` };
}

/** Parses `savepoint-*\/_metadata` directly under the savepoint directory; undefined otherwise. */
export function parseSavepointKey(relativeKey: string): SavepointKey | undefined {
  const parts = relativeKey.split('/');
  if (parts.length !== 2 || parts[1] !== '_metadata' || !parts[0]?.startsWith('savepoint-')) return undefined;
  const prefix = /^savepoint-([0-9a-f]+)-[^/]+$/.exec(parts[0])?.[1] ?? '';
  return { dir: parts[0], jobIdPrefix: prefix };
}

/**
 * Orders snapshots oldest first by checkpoint id compared as numbers (never as text), then by
 * completion time, then by path. Returns a new array.
 */
export function orderSnapshots<T extends Snapshot>(snapshots: readonly T[]): T[] {
  return [...snapshots].sort((a, b) => a.id - b.id || (a.completedAt ?? 0) - (b.completedAt ?? 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The snapshots that had completed by `time` (completedAt <= time); ones without a time are left out. */
export function completedBy<T extends Snapshot>(snapshots: readonly T[], time: number): T[] {
  return snapshots.filter((s) => s.completedAt !== undefined && s.completedAt <= time);
}
