// The harness's common vocabulary for snapshots and restore points, shared by every role.

/** Flink's two kinds of snapshot; they share one id counter within a job lineage. */
export type SnapshotKind = 'checkpoint' | 'savepoint';

/** Which witness reported a snapshot. */
export type Witness = 'rest' | 'storage' | 'ha' | 'trigger';

/**
 * A completed snapshot as some witness saw it.
 * `completedAt` is epoch ms on the witness's clock: REST latest_ack_timestamp (Flink's clock), the
 * LastModified of `_metadata` (storage's clock), or the savepoint trigger's completion (the host's).
 */
export interface Snapshot {
  kind: SnapshotKind;
  id: number;
  /** External path without trailing slash, e.g. s3://flink/checkpoints/<jobId>/chk-12 */
  path: string;
  jobId?: string;
  completedAt?: number;
  seenBy: Witness[];
  /**
   * Set when the `_metadata` is empty, unreadable or names another id than its directory: such a
   * snapshot cannot be restored, so it never counts as existing state.
   */
  problem?: string;
}

/**
 * What happened to the job, in the oracle's words (informational; drives the config notes). Every
 * fault (harness/faults/) names its kind in this vocabulary.
 */
export type FaultKind =
  | 'taskmanager-loss' | 'jobmanager-loss' | 'cancel' | 'stop-with-savepoint' | 'terminal-failure'
  | 'freeze' | 'storage-outage' | 'upgrade' | 'deployment-deleted' | 'ha-metadata-loss' | 'suspend' | 'none';

/**
 * The platform's own record of the savepoint its stop took for a suspend or upgrade (the Operator's
 * status, savepoint mode): `taken`, where it went; `none`, the operator stopped the job another way
 * (`modeUsed`: last-state keeps the HA metadata, stateless cancels; `restoresAs`: the strategy that
 * mode amounts to, as the platform's descriptor says); `unknown`, the record could not
 * be read or does not say.
 */
export type StopSavepointRecord =
  | { savepoint: 'taken'; path: string; field: string }
  | { savepoint: 'none'; modeUsed: 'last-state' | 'stateless'; restoresAs: RestoreStrategy; field: string }
  | { savepoint: 'unknown'; why: string };

/** What a job restored from, or `none` when it started with empty state. */
export type RestorePoint =
  | { kind: 'none' }
  | { kind: SnapshotKind; id: number; path: string };

/**
 * The restore policy a user asked for.
 * - FAILOVER: the platform's in-job recovery (TaskManager/JobManager loss): newest completed
 *   checkpoint; intermediate savepoints are not used for recovery since Flink 1.15 (FLIP-193).
 * - LATEST_STATE: newest of retained checkpoints and savepoints (Ververica's LATEST_STATE,
 *   the Operator's last-state).
 * - LATEST_SAVEPOINT: newest savepoint only. NONE: empty state.
 * - LAST_STATE: the Flink Kubernetes Operator's `upgradeMode: last-state`. The operator keeps the
 *   job's HA metadata across the upgrade or suspend and the new JobManager recovers the newest
 *   checkpoint recorded there (operator docs, "Job Management": "last-state: quick upgrades in any
 *   application state ... uses the latest successful checkpoint"; the operator's
 *   ApplicationReconciler deletes the cluster with HA data kept). The HA store holds checkpoints
 *   only: intermediate savepoints are not added to it since Flink 1.15 (FLIP-193), so a newer
 *   savepoint (e.g. one triggered through `savepointTriggerNonce`) is not what it restores. Same
 *   eligibility as FAILOVER, across the upgrade.
 * - UPGRADE_SAVEPOINT: the Operator's `upgradeMode: savepoint`. The operator stops the job with a
 *   savepoint (its suspend or upgrade is a stop-with-savepoint) and starts the new job from that
 *   savepoint (operator 1.7 records it as `status.jobStatus.savepointInfo.lastSavepoint`, triggerType
 *   UPGRADE); operator docs, "Job Management". The expectation is the savepoint the stop wrote, the
 *   newest savepoint at the fault, unless the operator's own record says it took none (see
 *   StopSavepointRecord): then what the mode it used instead restores.
 */
export type RestoreStrategy = 'FAILOVER' | 'LATEST_STATE' | 'LATEST_SAVEPOINT' | 'LAST_STATE' | 'UPGRADE_SAVEPOINT' | 'NONE';

export const RESTORE_STRATEGIES: readonly RestoreStrategy[] = ['FAILOVER', 'LATEST_STATE', 'LATEST_SAVEPOINT', 'LAST_STATE', 'UPGRADE_SAVEPOINT', 'NONE'];

/** Human form used in reports and errors: "checkpoint 12 (s3://…/chk-12)". */
export function describeRestorePoint(point: RestorePoint): string {
  if (point.kind === 'none') return 'no snapshot (empty state)';
  return `${point.kind} ${point.id} (${point.path})`;
}

/** Human form of a platform's record of its stop's savepoint, for checks and reports. */
export function describeStopSavepointRecord(record: StopSavepointRecord): string {
  switch (record.savepoint) {
    case 'taken': return `${record.field} = ${trimSlash(record.path)}`;
    case 'none': return `${record.field}: the stop took no savepoint (${record.modeUsed})`;
    case 'unknown': return `unknown (${record.why})`;
  }
}

/** Same snapshot? Paths are compared without trailing slashes; ids must agree too. */
export function sameRestorePoint(a: RestorePoint, b: RestorePoint): boolean {
  if (a.kind === 'none' || b.kind === 'none') return a.kind === b.kind;
  return a.kind === b.kind && a.id === b.id && trimSlash(a.path) === trimSlash(b.path);
}

export function trimSlash(path: string): string {
  return path.replace(/\/+$/, '');
}
