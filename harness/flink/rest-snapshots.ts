// Pure translation of Flink's checkpoint statistics (GET /jobs/:id/checkpoints) into the harness's
// Snapshot vocabulary: which completed checkpoints/savepoints one response proves existed.
import type { Snapshot, SnapshotKind } from '../oracle/snapshot.ts';
import { trimSlash } from '../oracle/snapshot.ts';
import type { CheckpointingStatistics, CheckpointStatistics, RestoredCheckpoint } from './schemas.ts';

/** Flink's stand-in path for checkpoints kept only in JobManager memory: not restorable by path. */
export const NO_METADATA_PATH = '<checkpoint-without-metadata>';

const SAVEPOINT_TYPES = new Set(['SAVEPOINT', 'SYNC_SAVEPOINT']);

/** A restore the job reported in latest.restored. */
export interface ObservedRestore {
  kind: SnapshotKind;
  id: number;
  /** External path without trailing slash; '' when Flink reported none. */
  path: string;
  /** Flink's restore_timestamp (epoch ms). */
  restoredAt: number;
}

/** Savepoint if Flink flags it so (is_savepoint, or a SAVEPOINT/SYNC_SAVEPOINT checkpoint_type). */
export function kindOf(stats: Pick<CheckpointStatistics, 'is_savepoint' | 'checkpoint_type'>): SnapshotKind {
  return stats.is_savepoint || SAVEPOINT_TYPES.has(stats.checkpoint_type ?? '') ? 'savepoint' : 'checkpoint';
}

/**
 * A Snapshot for one COMPLETED statistics entry with a real external path; undefined for entries
 * in progress, failed, or without metadata (`<checkpoint-without-metadata>`, null path).
 * completedAt is latest_ack_timestamp (when the last task acknowledged it).
 */
export function snapshotFromStatistics(stats: CheckpointStatistics, jobId: string): Snapshot | undefined {
  if (stats.status !== 'COMPLETED') return undefined;
  const path = stats.external_path;
  if (!path || path === NO_METADATA_PATH) return undefined;
  return {
    kind: kindOf(stats),
    id: stats.id,
    path: trimSlash(path),
    jobId,
    ...(stats.latest_ack_timestamp > 0 ? { completedAt: stats.latest_ack_timestamp } : {}),
    seenBy: ['rest'],
  };
}

/**
 * Every completed snapshot one response names (latest.completed, latest.savepoint and the
 * COMPLETED history entries), one per id, sorted by id ascending.
 */
export function snapshotsFromStatistics(stats: CheckpointingStatistics, jobId: string): Snapshot[] {
  const entries = [stats.latest?.completed, stats.latest?.savepoint, ...(stats.history ?? [])];
  const byId = new Map<number, Snapshot>();
  for (const entry of entries) {
    const snapshot = entry ? snapshotFromStatistics(entry, jobId) : undefined;
    if (snapshot && !byId.has(snapshot.id)) byId.set(snapshot.id, snapshot);
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** latest.restored as an ObservedRestore, or undefined when the job has not restored. */
export function restoreFromStatistics(restored: RestoredCheckpoint | null | undefined): ObservedRestore | undefined {
  if (!restored) return undefined;
  const path = restored.external_path && restored.external_path !== NO_METADATA_PATH ? trimSlash(restored.external_path) : '';
  return { kind: restored.is_savepoint ? 'savepoint' : 'checkpoint', id: restored.id, path, restoredAt: restored.restore_timestamp };
}
