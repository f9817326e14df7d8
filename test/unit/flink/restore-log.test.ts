import { describe, expect, it } from 'vitest';
import { restoresInLog } from '../../../harness/flink/restore-log.ts';

const JOB = '1f0e8a2b3c4d5e6f708192a3b4c5d6e7';

describe('restoresInLog', () => {
  it('reads the JobManager line for a checkpoint and for a savepoint, oldest first', () => {
    const log = [
      `2026-11-29 19:00:01,001 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator - Restoring job ${JOB} from Checkpoint 7 @ 1764442000123 for ${JOB} located at s3://flink/checkpoints/${JOB}/chk-7.`,
      '2026-11-29 19:00:01,002 INFO  something else',
      `2026-11-29 19:05:01,001 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator - Restoring job ${JOB} from Savepoint 9 @ 1764442300000 for ${JOB} located at s3://flink/savepoints/savepoint-1f0e8a-0123456789ab.`,
    ].join('\n');
    const restores = restoresInLog(log);
    expect(restores.map((r) => r.point)).toEqual([
      { kind: 'checkpoint', id: 7, path: `s3://flink/checkpoints/${JOB}/chk-7` },
      { kind: 'savepoint', id: 9, path: 's3://flink/savepoints/savepoint-1f0e8a-0123456789ab' },
    ]);
    expect(restores[0]!.snapshotTimestamp).toBe(1764442000123);
  });

  it('finds nothing in a log without a restore', () => {
    expect(restoresInLog('Starting job\nJob switched to RUNNING')).toEqual([]);
  });
});
