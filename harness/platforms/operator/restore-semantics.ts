// What the oracle expects when the Flink Kubernetes Operator stops a job and starts the next one,
// per spec.job.upgradeMode (operator docs, "Job Management"): the restore strategy each amounts to.
import type { RestoreStrategy } from '../../oracle/snapshot.ts';
import type { UpgradeMode } from '../deployment-spec.ts';

export const OPERATOR_RESTORE_SEMANTICS: Readonly<Record<UpgradeMode, RestoreStrategy>> = {
  // The operator keeps the job's HA metadata; the new JobManager recovers the newest checkpoint
  // recorded there. Also what savepoint mode falls back to: "In case the application is in an
  // unhealthy state, the last checkpoint will be used"
  // (kubernetes.operator.job.upgrade.last-state-fallback.enabled, on by default).
  'last-state': 'LAST_STATE',
  // A stop-with-savepoint, and the new job starts from that savepoint.
  savepoint: 'UPGRADE_SAVEPOINT',
  // The job is cancelled and starts with empty state.
  stateless: 'NONE',
};
