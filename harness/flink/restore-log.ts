// The JobManager's own account of a restore: Flink's CheckpointCoordinator logs
// "Restoring job <job> from <CompletedCheckpoint>." where the checkpoint prints as
// "<type name> <id> @ <timestamp> for <job> located at <external pointer>" (CompletedCheckpoint
// toString, Flink 1.15 through 2.x), e.g.
//   Restoring job 1f0e... from Checkpoint 7 @ 1764442000123 for 1f0e... located at s3://flink/checkpoints/1f0e.../chk-7.
import type { RestorePoint } from '../oracle/snapshot.ts';

export interface LoggedRestore {
  jobId: string;
  point: Exclude<RestorePoint, { kind: 'none' }>;
  /** Flink's timestamp of the snapshot (when it was triggered), epoch ms. */
  snapshotTimestamp: number;
  line: string;
}

const RESTORE_LINE = /Restoring job ([0-9a-f]{32}) from (.+?) (\d+) @ (\d+) for [0-9a-f]{32} located at (\S+?)\.?\s*$/;

/** Every restore the log names, oldest first. */
export function restoresInLog(log: string): LoggedRestore[] {
  const found: LoggedRestore[] = [];
  for (const line of log.split('\n')) {
    const match = RESTORE_LINE.exec(line);
    if (!match) continue;
    const [, jobId, typeName, id, timestamp, pointer] = match;
    const path = pointer!.replace(/\/+$/, '');
    // A retained checkpoint a new job starts from is named by its directory, whatever the type says.
    const kind = /\/chk-\d+$/.test(path) ? 'checkpoint' : /savepoint/i.test(typeName!) ? 'savepoint' : 'checkpoint';
    found.push({ jobId: jobId!, point: { kind, id: Number(id), path }, snapshotTimestamp: Number(timestamp), line: line.trim() });
  }
  return found;
}
