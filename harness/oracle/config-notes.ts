// Why a configuration would make a platform miss the newest state: notes that explain a failing
// verdict (never change the expectation). Shared with the config doctor's wording.
import type { FaultKind, RestoreStrategy, Snapshot } from './snapshot.ts';

/** What Flink was configured with, as far as the scenario knows; every field optional. */
export interface OracleConfig {
  externalizedRetention?: 'RETAIN_ON_CANCELLATION' | 'DELETE_ON_CANCELLATION' | 'NO_EXTERNALIZED_CHECKPOINTS';
  numRetained?: number;
  haEnabled?: boolean;
  /** false when the HA storageDir does not survive a JobManager restart (a container-local path). */
  haStorageDurable?: boolean;
  checkpointingIntervalMs?: number;
  restartStrategy?: string;
  initialSavepoint?: import('./snapshot.ts').RestorePoint;
  /** The HA cluster-id a new deployment reuses (HA data of an earlier one may still be there). */
  reusedClusterId?: string;
  /** Where HA keeps its pointers, for the wording of notes ("ZooKeeper", "ConfigMaps"). */
  haStore?: string;
  /** The Flink Kubernetes Operator's spec.job.upgradeMode, when the operator runs the job. */
  upgradeMode?: 'last-state' | 'savepoint' | 'stateless';
}

const ENDS_JOB = new Set<FaultKind>(['cancel', 'stop-with-savepoint', 'terminal-failure', 'upgrade']);

/** Sentences naming each configured reason the newest state could be missed for this fault. */
export function explainConfig(config: OracleConfig, strategy: RestoreStrategy, faultKind?: FaultKind, newest?: Snapshot): string[] {
  const notes: string[] = [];
  // Retention deletes checkpoints only: a note names the newest snapshot only when it is one.
  const newestCheckpoint = newest?.kind === 'checkpoint' ? `checkpoint ${newest.id}` : undefined;
  const jobEnds = faultKind !== undefined && ENDS_JOB.has(faultKind);
  if (config.externalizedRetention === 'NO_EXTERNALIZED_CHECKPOINTS' && (jobEnds || strategy !== 'FAILOVER')) {
    notes.push(`retention is NO_EXTERNALIZED_CHECKPOINTS: checkpoints are deleted when the job ends, so after the ${faultKind ?? 'fault'} ${newestCheckpoint ?? 'the newest checkpoint'} is gone and LATEST_STATE can only fall back to a savepoint or empty state`);
  }
  if (config.externalizedRetention === 'DELETE_ON_CANCELLATION' && (faultKind === 'cancel' || faultKind === 'upgrade')) {
    notes.push(`retention is DELETE_ON_CANCELLATION: cancelling deletes ${newestCheckpoint ?? 'the retained checkpoints'}, so LATEST_STATE can only fall back to a savepoint or empty state`);
  }
  if (config.haEnabled === false && faultKind === 'jobmanager-loss') {
    notes.push('high availability is off: a restarted JobManager knows no checkpoints and starts the job from scratch (or from its initial savepoint)');
  }
  // A last-state upgrade or suspend replaces the JobManager pod too: recovery goes through the same files.
  const jobManagerReplaced = faultKind === 'jobmanager-loss' || (config.upgradeMode === 'last-state' && (faultKind === 'upgrade' || faultKind === 'suspend'));
  if (config.haEnabled !== false && config.haStorageDurable === false && jobManagerReplaced) {
    notes.push('the HA storageDir does not survive a JobManager restart: the recovered pointers lead to files that are gone');
  }
  if (config.haEnabled !== false && config.reusedClusterId !== undefined && strategy === 'NONE') {
    notes.push(`the new deployment reuses cluster-id ${config.reusedClusterId}, and the earlier deployment under that id was deleted without ending its job: its HA data (${config.haStore ?? 'ZooKeeper nodes or ConfigMaps'}) stayed behind, so Flink recovered that job's newest checkpoint instead of starting fresh`);
  }
  if (faultKind === 'ha-metadata-loss') {
    notes.push(`the HA metadata (${config.haStore ?? 'ConfigMaps'}) was deleted while the job ran: Flink documents that a JobManager recovers the job graph and the checkpoint pointers only from its HA services, so the JobManager that replaced the lost one finds no record of ${newest ? `${newest.kind} ${newest.id}` : 'any checkpoint'} and starts the job as a new submission`);
  }
  if (config.upgradeMode === 'stateless' && strategy !== 'NONE' && (faultKind === 'upgrade' || faultKind === 'suspend')) {
    notes.push(`the FlinkDeployment's upgradeMode is stateless: the operator starts the job after ${faultKind === 'upgrade' ? 'an upgrade' : 'a suspend'} from empty state (operator docs, "Job Management"), so ${newest ? `${newest.kind} ${newest.id}` : 'the newest state'} is not restored; last-state or savepoint keeps it`);
  }
  if (config.upgradeMode !== undefined && faultKind === 'terminal-failure') {
    notes.push(`the job failed for good and the Flink Kubernetes Operator restarted it (kubernetes.operator.job.restart.failed): operator 1.7.0 resubmits a terminally failed job as a new job without any state, whatever its upgradeMode (${config.upgradeMode}), so ${newest ? `${newest.kind} ${newest.id}` : 'the retained state'} is not restored; recreate the FlinkDeployment with initialSavepointPath set to the newest retained checkpoint`);
  }
  if (config.numRetained === 1) {
    notes.push('only one checkpoint is retained: if it is unreadable there is nothing to fall back to');
  }
  if (strategy === 'LATEST_STATE' && newest?.kind === 'checkpoint' && config.externalizedRetention === undefined) {
    notes.push('externalized checkpoint retention is not configured (Flink default NO_EXTERNALIZED_CHECKPOINTS): checkpoints do not outlive the job');
  }
  return notes;
}

/**
 * One sentence per snapshot whose `_metadata` cannot be restored, naming the file. When the header
 * names another id than the directory, both ids appear once, in one phrase.
 */
export function explainUnusableMetadata(snapshots: readonly Snapshot[]): string[] {
  return snapshots.map((s) => {
    const file = `${s.path}/_metadata`;
    const headerId = s.problem?.match(/header says checkpoint (\d+)/)?.[1];
    const what = headerId !== undefined && Number(headerId) !== s.id
      ? `${file} carries checkpoint id ${headerId} inside a directory for ${s.id}`
      : `${file} is unusable (${s.problem ?? 'unreadable'})`;
    return `${what}: ${s.kind} ${s.id} does not count as existing state, a restore from it would fail`;
  });
}
