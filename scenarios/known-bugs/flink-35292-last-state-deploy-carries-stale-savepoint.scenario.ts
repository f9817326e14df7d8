// FLINK-35292 (public record: the JIRA issue; apache/flink-kubernetes-operator pull request 849, fix
// 207b149f, first released in 1.10.0). A last-state deployment is meant to restore from the HA
// metadata alone, yet up to 1.9 the operator also handed the new JobManager the last savepoint it
// had recorded (status.jobStatus.savepointInfo.lastSavepoint) as execution.savepoint.path: restoreJob
// takes that path for every spec that is not stateless. While the HA metadata holds checkpoints Flink
// ignores the path, so nothing shows. If the HA metadata is gone by the time the JobManager recovers
// the job ("deleted by the user at the wrong moment", in the pull request's words), Flink falls back
// to the path and restores that savepoint, however old, with no error. The fix hands a last-state
// deployment the dummy path KUBERNETES_OPERATOR_LAST_STATE instead, so that case fails loudly.
//
// The scenario: a savepoint through the spec (savepointTriggerNonce, the operator records it as
// lastSavepoint), then newer checkpoints, then a last-state upgrade; once the operator created the
// new JobManager (its HA check passed by then), the job's HA ConfigMap is deleted. Operator 1.7.0
// (affected, as 1.3.0's restoreJob has the same rule) restores the old savepoint although newer
// checkpoints are retained: RESTORE_MISMATCH. The fixed release, 1.10.0, is not served by Maven
// Central here (the operator only up to 1.7.0), so no fixed version runs.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes, savepointThroughPlatform } from '../../harness/scenario/steps.ts';
import { upgradeJob } from '../../harness/faults/index.ts';
import type { ScenarioResult } from '../../harness/report/results.ts';
import { trimSlash } from '../../harness/oracle/snapshot.ts';
import { diagnosticsOf, operatorStatusOf } from './facts.ts';

/** The job's own HA ConfigMap, and only it, was deleted after the operator created the new JobManager. */
function jobHaConfigMapDeletedAfterTheCheck(result: ScenarioResult): boolean {
  const detail = (result.evidence.fault as { detail?: { haDeletedOnceNewClusterCreated?: { deleted?: string[] } } } | undefined)?.detail;
  const deleted = detail?.haDeletedOnceNewClusterCreated?.deleted ?? [];
  return deleted.length === 1 && /-config-map$/.test(deleted[0]!) && !/-cluster-config-map$/.test(deleted[0]!);
}

/** The savepoint the job restored is the one the operator's status records as its last savepoint. */
function restoredTheOperatorsRecordedSavepoint(result: ScenarioResult): boolean {
  const status = operatorStatusOf(result);
  if (!status || result.observed?.kind !== 'savepoint') return false;
  const recorded = status.jobStatus?.savepointInfo?.lastSavepoint?.location;
  return recorded !== undefined && trimSlash(recorded) === trimSlash(result.observed.path);
}

/**
 * The mechanism in the platform's own words: the operator deployed "requiring last-state from HA
 * metadata", and the new JobManager was handed the savepoint as execution.savepoint.path (its log
 * loads the property, or starts the job "from savepoint <path>").
 */
function lastStateDeploymentCarriedTheSavepointPath(result: ScenarioResult): boolean {
  if (result.observed?.kind !== 'savepoint') return false;
  const path = trimSlash(result.observed.path);
  if (!path) return false;
  const texts = Object.values(diagnosticsOf(result));
  const lastStateDeploy = texts.some((text) => text.includes('Deploying application cluster requiring last-state from HA metadata'));
  const handedThePath = texts.some((text) => text.split('\n').some((line) => line.includes(path) && /execution\.savepoint\.path|from savepoint/.test(line)));
  return lastStateDeploy && handedThePath;
}

scenario({
  id: 'kb-flink-35292-operator-1-7',
  title: 'FLINK-35292 on operator 1.7.0: savepoint via the spec, newer checkpoints, last-state upgrade, job HA ConfigMap deleted once the new JobManager exists → restores the old savepoint the operator passed along: RESTORE_MISMATCH',
  platforms: ['operator'],
  // A long interval keeps the checkpoints few and the run short; one completes after the savepoint.
  deployment: { upgradeMode: 'last-state', operatorVersion: '1.7.0', checkpointIntervalMs: 10_000 },
  strategy: 'LAST_STATE',
  before: [checkpointCompletes(), savepointThroughPlatform(), checkpointCompletes()],
  fault: upgradeJob({ parallelism: 1 }, { deleteJobHaConfigMapOnceNewClusterCreated: true }),
  alsoShows: [
    { fact: "the job's HA ConfigMap was deleted after the operator had created the new JobManager", holds: jobHaConfigMapDeletedAfterTheCheck },
    { fact: 'the job restored the savepoint the operator records as status.jobStatus.savepointInfo.lastSavepoint', holds: restoredTheOperatorsRecordedSavepoint },
    { fact: 'FLINK-35292: the last-state deployment handed the new JobManager that savepoint as execution.savepoint.path', holds: lastStateDeploymentCarriedTheSavepointPath },
  ],
  expect: { verdict: 'RESTORE_MISMATCH', restored: 'savepoint' },
});
