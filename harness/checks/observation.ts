// What did happen, as gathered by the scenario runner (the I/O lives there; checks only compare).
import type { RestorePoint, StopSavepointRecord } from '../oracle/snapshot.ts';
import type { MetadataOperatorState } from '../storage/metadata-operators.ts';

/** One line of the probe job's exactly-once output. */
export interface OutputRecord {
  key: string;
  seq: number;
  count: number;
  restoredCheckpointId: number;
  probeVersion: string;
  file?: string;
}

/** The output an earlier judgement already covered: its part files, and each key's last seq in write order. */
export interface OutputBaseline {
  /** Which earlier judgement it comes from, for the check's detail (e.g. "fault 1"). */
  judgedAt: string;
  files: string[];
  lastSeqByKey: Record<string, number>;
}

/** The witnesses besides REST that a scenario reads after the restore. */
export type WitnessName = 'metadata' | 'probe' | 'output' | 'ha' | 'jobmanager-log' | 'platform' | 'operator-state' | 'operator-entries';

export interface Observation {
  jobId?: string;
  /** REST latest.restored after the restore; null = the job came back without restoring anything. */
  restored: RestorePoint | null;
  restoredAt?: number;
  /** Storage witness: the `_metadata` at the restored path. */
  metadata?: { path: string; exists: boolean; checkpointId?: number };
  /** The probe's restoredCheckpointId gauge per subtask (-1 = not restored). */
  probeRestoredIds?: number[];
  /** Committed output of every generation of the job; committedAt: each part file's commit time (ms). */
  output?: { records: OutputRecord[]; files: number; committedAt?: Record<string, number> };
  /**
   * Where the output stood before this fault when an earlier fault of the same deployment (a soak)
   * was already judged on it: only output written since is this fault's to explain.
   */
  outputBefore?: OutputBaseline;
  /**
   * The job came back empty: from when (storage's clock, ms) its part files count as its own output,
   * since its records carry restoredCheckpointId -1 as the first job's did.
   */
  startedEmptyAt?: number;
  /**
   * The JobManager's own "Restoring job ... from ..." line for this restore (the newest in its log
   * that names the job); null when its log names none.
   */
  jobManagerLogRestore?: { point: RestorePoint; line: string } | null;
  /**
   * What the platform recorded of the savepoint its stop took for the suspend or upgrade before this
   * restore (the operator's status): the source it handed the job, none, or unknown.
   */
  platformRecord?: StopSavepointRecord;
  /** The job is a user's job, not the probe: the probe's witnesses (gauge, output) cannot run. */
  userJob?: boolean;
  /**
   * Operator-state witness: the job's vertices (id = its head operator's id) with the state each
   * wrote in the first checkpoint after the restore, and which of their ids the restored `_metadata` holds.
   */
  operatorState?: { checkpointId: number; vertices: Array<{ id: string; name: string; stateBytes: number }>; idsInMetadata: string[] };
  /**
   * Every operator entry (chained operators included) of the restored snapshot's `_metadata`
   * (before) and of the first checkpoint completed after the restore (after), and the operators the
   * deployment declared it lets go (each as given and as an operator id).
   */
  operatorEntries?: {
    restoredPath: string;
    before: MetadataOperatorState[];
    checkpointId: number;
    checkpointPath: string;
    after: MetadataOperatorState[];
    dropped: Array<{ ref: string; operatorId: string }>;
  };
  /**
   * What the fault or the resume changed in the job (an upgrade), only the fields it changed, beside
   * what the resumed job runs: its default parallelism (REST job config, else its vertices'), its cluster's Flink version
   * (REST overview), the probe versions in the output written since the restore. A `running` field is
   * undefined when it could not be read.
   */
  change?: {
    asked: { parallelism?: number; flinkVersion?: string; probeVersion?: string };
    /** vertexParallelisms: each vertex's, read only when the job config names no default parallelism. */
    running: { parallelism?: number; vertexParallelisms?: number[]; flinkVersion?: string; probeVersions?: string[] };
  };
  /** HA witness: the checkpoint ids the HA store (ZooKeeper, Kubernetes ConfigMaps) pointed to when the next JobManager was to recover from it. */
  haCheckpointIds?: number[];
  /**
   * Witnesses the scenario meant to read but could not, with the reason: each becomes an unknown
   * result (INFRA_ERROR unless another witness fails), never a silently missing one.
   */
  unreadable?: Partial<Record<WitnessName, string>>;
}
