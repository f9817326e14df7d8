// The job fails until its restart strategy gives up (FAILED for good). With
// kubernetes.operator.job.restart.failed the operator restarts it by itself. The user's intent is the
// newest checkpoint, which is retained (RETAIN_ON_CANCELLATION) in storage. Found by this scenario:
// operator 1.7.0 logs "Stopping failed Flink job", deletes the cluster and resubmits the job under a
// new job id without any state ("Deploying application cluster", not "... requiring last-state from
// HA metadata", which it logs for a last-state upgrade): the job starts empty. The scenario pins
// that behaviour as the expected failure, so a fixed operator shows up as a changed verdict.
//
// This is FLINK-35857 (public record: the JIRA issue; apache/flink-kubernetes-operator pull request
// 855, fix 5296d63c, first released in 1.10.0; ./run known-bugs lists it). Its mechanism, as the pull
// request describes it and 1.7.0's source shows: a deployment first started without an initial
// savepoint is recorded with upgradeMode stateless in status.reconciliationStatus.lastReconciledSpec;
// the restart of a failed job resubmits that recorded spec, and a stateless spec is deployed without
// a savepoint path, although the operator had recorded the job's last checkpoint as
// status.jobStatus.savepointInfo.lastSavepoint when the job failed. The fix resubmits in savepoint
// mode from that record when the spec is not stateless. The second fact below checks that mechanism
// in the operator's own status. Seen (run kb-d, Flink 1.20.0): status.jobStatus.savepointInfo.lastSavepoint
// was chk-4, the newest checkpoint at the fault, lastReconciledSpec said upgradeMode stateless, and the
// operator logged "Stopping failed Flink job...", "Resubmitting Flink job...", "Deploying application
// cluster": the new job started empty.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes } from '../../harness/scenario/steps.ts';
import { failJobUntilRestartsExhausted } from '../../harness/faults/index.ts';
import type { ScenarioResult } from '../../harness/report/results.ts';
import type { FlinkDeploymentStatus } from '../../harness/platforms/operator/flink-deployment.ts';

function restartedAsANewJob(result: ScenarioResult): boolean {
  const jobBefore = (result.evidence.fault as { detail?: { jobId?: string } } | undefined)?.detail?.jobId;
  const checks = result.checks.map((c) => c.detail).join('\n');
  return jobBefore !== undefined && result.observed?.kind === 'none' && !checks.includes('not one of') && /empty state/.test(checks);
}

/**
 * FLINK-35857's mechanism in the operator's status after the restart: the spec it resubmitted says
 * upgradeMode stateless, while it had recorded the newest checkpoint at the fault (the expected
 * one) as its last savepoint: the state it could have restarted from.
 */
function resubmittedStatelessAlthoughCheckpointRecorded(result: ScenarioResult): boolean {
  const text = (result.evidence.diagnostics as Record<string, string> | undefined)?.['flinkdeployment-status'];
  if (!text || !result.expected || result.expected.kind === 'none') return false;
  const status = JSON.parse(text) as FlinkDeploymentStatus;
  // The operator serializes the reconciled spec as {"spec": <FlinkDeploymentSpec>, "resource_metadata": ...}.
  const reconciled = JSON.parse(status.reconciliationStatus?.lastReconciledSpec ?? '{}') as { spec?: { job?: { upgradeMode?: string } } };
  const recorded = status.jobStatus?.savepointInfo?.lastSavepoint?.location?.replace(/\/+$/, '');
  return reconciled.spec?.job?.upgradeMode === 'stateless' && recorded === result.expected.path;
}

scenario({
  id: 'op-restarts-exhausted',
  title: 'Operator 1.7, upgradeMode last-state: job fails until its restarts are exhausted, restarted by the operator → starts empty although its checkpoints are retained: NO_RESTORE',
  platforms: ['operator'],
  deployment: { upgradeMode: 'last-state', restartAttempts: 2 },
  strategy: 'LAST_STATE',
  before: [checkpointCompletes()],
  fault: failJobUntilRestartsExhausted(),
  alsoShows: [
    { fact: 'the operator brought the job back, with empty state', holds: restartedAsANewJob },
    { fact: 'FLINK-35857: the operator resubmitted its recorded spec (upgradeMode stateless) although it had recorded the newest checkpoint as its last savepoint', holds: resubmittedStatelessAlthoughCheckpointRecorded },
  ],
  expect: { verdict: 'NO_RESTORE', restored: 'none' },
});
