// Pure translation of checkpoint statistics into Snapshots and restores.
import { describe, expect, it } from 'vitest';
import { kindOf, restoreFromStatistics, snapshotsFromStatistics } from '../../../harness/flink/rest-snapshots.ts';
import { CheckpointingStatisticsSchema } from '../../../harness/flink/schemas.ts';
import { checkpointingStats, completedStats } from './local-server.ts';

describe('snapshotsFromStatistics', () => {
  it('merges latest.* and history[] into one snapshot per id, ascending numerically', () => {
    const stats = CheckpointingStatisticsSchema.parse(
      checkpointingStats({ completed: completedStats(10), history: [completedStats(10), completedStats(9, { path: 's3://flink/checkpoints/job/chk-9/' })] }),
    );
    const snapshots = snapshotsFromStatistics(stats, 'job');
    expect(snapshots.map((s) => s.id)).toEqual([9, 10]);
    expect(snapshots[0]?.path).toBe('s3://flink/checkpoints/job/chk-9');
  });

  it('accepts the nulls Flink sends for absent latest entries', () => {
    const stats = CheckpointingStatisticsSchema.parse(checkpointingStats({}));
    expect(snapshotsFromStatistics(stats, 'job')).toEqual([]);
    expect(restoreFromStatistics(stats.latest?.restored)).toBeUndefined();
  });
});

describe('kindOf', () => {
  it('is savepoint for is_savepoint or a savepoint checkpoint_type', () => {
    expect(kindOf({ is_savepoint: true, checkpoint_type: 'SAVEPOINT' })).toBe('savepoint');
    expect(kindOf({ is_savepoint: false, checkpoint_type: 'SYNC_SAVEPOINT' })).toBe('savepoint');
    expect(kindOf({ is_savepoint: false, checkpoint_type: 'UNALIGNED_CHECKPOINT' })).toBe('checkpoint');
    expect(kindOf({ is_savepoint: false, checkpoint_type: null })).toBe('checkpoint');
  });
});

describe('restoreFromStatistics', () => {
  it('keeps a restore without external path with an empty path', () => {
    expect(restoreFromStatistics({ id: 4, restore_timestamp: 9, is_savepoint: false, external_path: null })).toEqual({ kind: 'checkpoint', id: 4, path: '', restoredAt: 9 });
  });
});
