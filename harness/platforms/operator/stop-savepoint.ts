// What the Flink Kubernetes Operator's status says of the savepoint its last suspend or upgrade took
// (operator 1.7, facts from its sources): a stop-with-savepoint it carried out is recorded as
// status.jobStatus.savepointInfo.lastSavepoint (and appended to savepointHistory) with triggerType
// UPGRADE and timeStamp the moment it was recorded; the mode it actually used (savepoint, or
// last-state when it fell back because the job was not running) is job.upgradeMode of
// status.reconciliationStatus.lastReconciledSpec, kept across the redeploy that follows.
import type { StopSavepointRecord } from '../../oracle/snapshot.ts';
import type { FlinkDeploymentStatus } from './flink-deployment.ts';
import { lastReconciledJob } from './flink-deployment-api.ts';
import { OPERATOR_RESTORE_SEMANTICS } from './restore-semantics.ts';

const LAST_SAVEPOINT = 'status.jobStatus.savepointInfo.lastSavepoint';
const HISTORY = 'status.jobStatus.savepointInfo.savepointHistory';
const RECONCILED_MODE = 'status.reconciliationStatus.lastReconciledSpec job.upgradeMode';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The operator's record of the savepoint its stop took for the suspend or upgrade requested at
 * `requestedAt` (host clock; the operator's may be off by `clockSlackMs`). Read it once the operator
 * redeployed: before that its status may not yet hold the change. Unknown whenever the status does
 * not say, e.g. it reconciled in savepoint mode without recording a savepoint since the request (the
 * job had already ended, or its clock is off further than the slack): never a guess.
 */
export function stopSavepointRecord(status: FlinkDeploymentStatus, requestedAt: number, clockSlackMs: number): StopSavepointRecord {
  const info = status.jobStatus?.savepointInfo;
  const since = requestedAt - clockSlackMs;
  const recorded = [
    ...(info?.lastSavepoint ? [{ savepoint: info.lastSavepoint, field: LAST_SAVEPOINT }] : []),
    ...(info?.savepointHistory ?? []).map((savepoint, index) => ({ savepoint, field: `${HISTORY}[${index}]` })),
  ].filter(({ savepoint }) => savepoint.triggerType === 'UPGRADE' && savepoint.location && (savepoint.timeStamp ?? Number.NEGATIVE_INFINITY) >= since)
    .sort((a, b) => (b.savepoint.timeStamp ?? 0) - (a.savepoint.timeStamp ?? 0));
  const taken = recorded[0];
  if (taken) return { savepoint: 'taken', path: taken.savepoint.location!, field: `${taken.field} (triggerType UPGRADE, recorded ${iso(taken.savepoint.timeStamp!)})` };

  let job: ReturnType<typeof lastReconciledJob>;
  try {
    job = lastReconciledJob(status);
  } catch (error) {
    return { savepoint: 'unknown', why: `status.reconciliationStatus.lastReconciledSpec is not JSON (${(error as Error).message})` };
  }
  const reconciledAt = status.reconciliationStatus?.reconciliationTimestamp;
  if (!job || reconciledAt === undefined) return { savepoint: 'unknown', why: 'the status records no reconciled spec' };
  if (reconciledAt < since) {
    return { savepoint: 'unknown', why: `the operator has not recorded the change yet (its last reconciliation ${iso(reconciledAt)}, the change requested ${iso(requestedAt)})` };
  }
  const mode = job.upgradeMode;
  if (mode === 'last-state' || mode === 'stateless') {
    return { savepoint: 'none', modeUsed: mode, restoresAs: OPERATOR_RESTORE_SEMANTICS[mode], field: `${RECONCILED_MODE} = ${mode} (reconciled ${iso(reconciledAt)})` };
  }
  return {
    savepoint: 'unknown',
    why: `${RECONCILED_MODE} = ${mode ?? 'unset'} (reconciled ${iso(reconciledAt)}), yet no savepoint with triggerType UPGRADE recorded since the change was requested (${iso(requestedAt)})`,
  };
}
