// FLINK-39513 (public record: the JIRA issue; apache/flink pull request 27991). When a JobManager
// starts a job whose checkpoints it finds in the HA store, Flink restores the newest one through
// CheckpointCoordinator.restoreInitialCheckpointIfPresent, which passes allowNonRestoredState=false
// whatever execution.state-recovery.ignore-unclaimed-state (the operator's
// spec.job.allowNonRestoredState) says; only a restore from an explicit savepoint path honours it.
// The fix reads the option on that path too.
//
// Where a user meets it: a last-state upgrade under the Flink Kubernetes Operator. The operator
// keeps the HA metadata, drops the stored job graph and starts the new job, which restores from the
// HA store. Here the new job version no longer has the old stateful operator (the probe's keyed
// operator gets a new UID, so its old state maps to no operator of the new program) and the spec
// sets allowNonRestoredState: true, so the user asked for that state to be skipped. On an affected
// Flink the restore refuses the unmapped state anyway, and the upgraded job never runs.
// Seen on Flink 1.20.0 under operator 1.7.0 (run kb-d): the new JobManager logs the flag
// (execution.savepoint.ignore-unclaimed-state: true, --allowNonRestoredState), recovers the
// checkpoints from the job's HA ConfigMap, "Restoring job ... from Checkpoint 4", then fails with
// "IllegalStateException: There is no operator for the state <operator id>" and a fatal error of
// the cluster entrypoint; the restarted JobManager ignores the job ("already reached a globally-
// terminal state"), so the upgraded job never runs and the wait for it ends in TIMEOUT.
//
// The operator runs with kubernetes.operator.job.restart.failed (manifests/flink-operator.yaml); here
// it is off, so that FLINK-35857 stays out: in run kbm-b1 the operator saw the job FAILED
// (JobInitializationException: There is no operator for the state ...) before the JobManager exited,
// stopped it and resubmitted it without any state (NO_RESTORE, FLINK-35857's way), a race this
// scenario does not measure. A JobManager that restarted and ignores the job ends the wait at once.
//
// Versions here: the fix is in none of them. CheckpointCoordinator.restoreInitialCheckpointIfPresent
// has no allowNonRestoredState parameter in the flink-runtime jars of 1.20.0, 2.0.0, 2.1.0 and 2.3.0
// (javap on the jars Maven Central serves here), so all four are affected; this scenario runs 1.20.0,
// the Flink version operator 1.7.0 drives (Flink 2.x does not run under it).
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes } from '../../harness/scenario/steps.ts';
import { upgradeJob } from '../../harness/faults/index.ts';
import { defaultSpec } from '../../harness/platforms/deployment-spec.ts';
import type { ScenarioResult } from '../../harness/report/results.ts';

// Flink's words for state no operator of the new program claims: on a checkpoint restore (what the
// HA path runs, seen on 1.20.0) and on a savepoint restore.
const UNMAPPED_STATE_REFUSED = /There is no operator for the state \S+|Cannot map checkpoint\/savepoint state for operator \S+ to the new program/;

/** Flink refused the unmapped state on the HA restore path, with allowNonRestoredState set in the spec. */
function unmappedStateRefusedDespiteTheFlag(result: ScenarioResult): boolean {
  const diagnostics = Object.values((result.evidence.diagnostics as Record<string, string> | undefined) ?? {});
  const changes = (result.evidence.fault as { detail?: { changes?: { allowNonRestoredState?: boolean } } } | undefined)?.detail?.changes;
  return changes?.allowNonRestoredState === true && diagnostics.some((text) => UNMAPPED_STATE_REFUSED.test(text));
}

scenario({
  id: 'kb-flink-39513-flink-1-20',
  title: 'FLINK-39513 on Flink 1.20.0 (operator 1.7.0): last-state upgrade drops a stateful operator with allowNonRestoredState → the HA restore refuses the unmapped state anyway, the job never runs: TIMEOUT',
  platforms: ['operator'],
  deployment: { upgradeMode: 'last-state', operatorVersion: '1.7.0', flinkConfig: { 'kubernetes.operator.job.restart.failed': 'false' } },
  strategy: 'LAST_STATE',
  before: [checkpointCompletes()],
  fault: upgradeJob({ probe: { ...defaultSpec().probe, version: 'v2', stateUid: 'probe-state-dropped' }, allowNonRestoredState: true }),
  alsoShows: [{ fact: 'Flink refused the unmapped state on the HA restore path although allowNonRestoredState was set', holds: unmappedStateRefusedDespiteTheFlag }],
  expect: { verdict: 'TIMEOUT' },
});
