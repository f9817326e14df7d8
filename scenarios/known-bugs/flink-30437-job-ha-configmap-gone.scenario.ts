// FLINK-30437 (public record: the JIRA issue; apache/flink-kubernetes-operator pull request 488, fix
// c4e76402, released in 1.3.1 and 1.4.0). Before a last-state restore the operator checks that HA
// metadata exists, so that a job whose checkpoint pointers are gone is not silently started empty.
// Up to 1.3.0 that check accepted ANY of the cluster-id's HA ConfigMaps, the cluster's leader
// ConfigMap included, which holds no checkpoint pointer. The fix counts only the job's own
// ConfigMap (`<cluster-id>-<job id>-config-map`) or an old-style `-jobmanager-leader` one.
//
// The scenario: a last-state job is suspended (the operator deletes the cluster and keeps its HA
// ConfigMaps), the job's own HA ConfigMap is then deleted (a careless cleanup) while the cluster's
// ConfigMap stays, and the job is set running again.
// - operator 1.3.0 (affected): its check passes on the cluster ConfigMap alone; the new JobManager
//   finds no checkpoint pointer and the job starts with empty state although its checkpoints are
//   retained in storage: NO_RESTORE, with the job running.
// - operator 1.7.0 (fixed): the check finds no job ConfigMap and refuses ("HA metadata not
//   available to restore from last state", a RecoveryFailureException: manual restore required);
//   the job does not come back by itself, which this harness reports as NO_RESTORE with the refusal
//   as its cause. Refusing is the fix: nothing starts from the wrong state.
// Both run Flink 1.20.0 under flinkVersion v1_16 (the newest 1.3.0 knows), as scenario 10 does; 1.3.0
// reads HA from the key `high-availability` only, so it is set beside `high-availability.type`.
import { test } from 'vitest';
import { scenario } from '../../harness/scenario/vitest.ts';
import { scenarioCollector } from '../../harness/scenario/catalog-collector.ts';
import { checkpointCompletes } from '../../harness/scenario/steps.ts';
import { deleteHaMetadata, inSequence, suspendJob } from '../../harness/faults/index.ts';
import { builtOperatorImage } from '../../harness/platforms/operator/operator-platform.ts';
import { platformName } from '../../harness/scenario/environment.ts';
import type { ScenarioResult } from '../../harness/report/results.ts';
import type { ScenarioDefinition } from '../../harness/scenario/definition.ts';

const REFUSAL = /HA metadata not available to restore from last state/;

/** The fault deleted the job's own HA ConfigMap and nothing else. */
function onlyTheJobConfigMapDeleted(result: ScenarioResult): boolean {
  const detail = (result.evidence.fault as { detail?: Record<string, { deleted?: string[] }> } | undefined)?.detail;
  const deleted = detail?.['delete-job-ha-configmap']?.deleted ?? [];
  return deleted.length === 1 && /-config-map$/.test(deleted[0]!) && !/-cluster-config-map$/.test(deleted[0]!);
}

/** 1.3.0's mechanism: no refusal, the job came back running with empty state. */
function startedEmptyWithoutRefusal(result: ScenarioResult): boolean {
  return onlyTheJobConfigMapDeleted(result) && !REFUSAL.test(result.explanation) && !/never came back/.test(result.explanation)
    && result.observed?.kind === 'none' && result.checks.length > 0;
}

/** The fix: the operator refused the last-state restore for want of the job's HA metadata. */
function refusedForWantOfJobHaMetadata(result: ScenarioResult): boolean {
  return onlyTheJobConfigMapDeleted(result) && REFUSAL.test(result.explanation);
}

/**
 * The scenario on one operator release: the same run, and what that release's behaviour must show.
 * Each call spells its `id:` out, as `frh repro` finds a bundle's scenario file by it.
 */
function onOperator(operatorVersion: string, release: Pick<ScenarioDefinition, 'id' | 'title' | 'alsoShows'>): void {
  scenario({
    ...release,
    platforms: ['operator'],
    deployment: { upgradeMode: 'last-state', operatorVersion, flinkConfig: { 'high-availability': 'kubernetes' } },
    strategy: 'LAST_STATE',
    before: [checkpointCompletes()],
    fault: inSequence(suspendJob(), deleteHaMetadata({ only: 'job' })),
    expect: { verdict: 'NO_RESTORE', restored: 'none' },
  });
}

const affectedTitle = 'FLINK-30437 on operator 1.3.0: job HA ConfigMap deleted while suspended (cluster ConfigMap kept), last-state resume → starts empty instead of refusing: NO_RESTORE';
if (builtOperatorImage('1.3.0') || scenarioCollector()) {
  onOperator('1.3.0', {
    id: 'kb-flink-30437-operator-1-3',
    title: affectedTitle,
    alsoShows: [{ fact: 'operator 1.3.0 did not refuse: the job came back running with empty state', holds: startedEmptyWithoutRefusal }],
  });
} else {
  test.skip(`${affectedTitle} [${platformName()}] — skipped: image operator-1.3.0 is not built here (images/build.sh operator-1.3.0; ./run known-bugs builds it)`);
}

onOperator('1.7.0', {
  id: 'kb-flink-30437-operator-1-7',
  title: 'FLINK-30437 fixed in operator 1.7.0: job HA ConfigMap deleted while suspended (cluster ConfigMap kept), last-state resume → the operator refuses (HA metadata not available): NO_RESTORE by refusal',
  alsoShows: [{ fact: 'operator 1.7.0 refused the last-state restore: HA metadata not available', holds: refusedForWantOfJobHaMetadata }],
});
