// FLINK-30406 (public record: the JIRA issue; apache/flink-kubernetes-operator pull request 489, fix
// 6ff02908 on main, first in 1.4.0; 5ed117cb in 1.3.1). After a savepoint-mode upgrade the job's state is the
// savepoint the upgrade took (the stop-with-savepoint removed the HA metadata). If the new
// JobManager never starts, it writes no HA metadata either; up to 1.3.0 the operator could then
// upgrade the job only from HA metadata (last-state), so the user's next spec change, the one that
// would fix the deployment, was never carried out: the operator logged "Job is not running yet and
// HA metadata is not available, waiting for upgradeable state" and the job stayed down although its
// savepoint was recorded. The fix detects a JobManager that never started, deletes it and upgrades
// from the recorded savepoint.
//
// The scenario: a savepoint-mode job; the upgrade pins the new JobManager to a node that does not
// exist (its pod stays Pending: it never starts); once that pod is seen unschedulable, the user takes
// the change back.
// - operator 1.3.0 (affected): it keeps the unschedulable JobManager and waits; nothing brings the job
//   back: TIMEOUT, ended as soon as the operator logs that it waits after the change was taken back.
// - operator 1.7.0 (fixed): it deletes the JobManager that never started and deploys the reverted spec
//   from the upgrade savepoint: PASS.
// Both run Flink 1.20.0 (under flinkVersion v1_16 on 1.3.0, which reads HA from the key
// `high-availability` only, so that key is set beside `high-availability.type`).
import { test } from 'vitest';
import { scenario } from '../../harness/scenario/vitest.ts';
import { scenarioCollector } from '../../harness/scenario/catalog-collector.ts';
import { checkpointCompletes } from '../../harness/scenario/steps.ts';
import { upgradeWhoseJobManagerNeverStarts } from '../../harness/faults/index.ts';
import { builtOperatorImage } from '../../harness/platforms/operator/operator-platform.ts';
import { platformName } from '../../harness/scenario/environment.ts';
import type { ScenarioResult } from '../../harness/report/results.ts';
import type { ScenarioDefinition } from '../../harness/scenario/definition.ts';
import { diagnosticsOf, restoredTheRecordedUpgradeSavepoint, upgradeSavepointRecorded } from './facts.ts';

const WAITING = /Job is not running yet and HA metadata is not available, waiting for upgradeable state/;

/** 1.3.0's mechanism, in its own log: after the change was taken back it waited instead of upgrading. */
function operatorWaitedForAnUpgradeableState(result: ScenarioResult): boolean {
  return WAITING.test(result.explanation) && Object.values(diagnosticsOf(result)).some((text) => WAITING.test(text));
}

/** The fix: the unschedulable JobManager was replaced after the change was taken back, and the job restored the upgrade's savepoint. */
function replacedAndRestoredTheUpgradeSavepoint(result: ScenarioResult): boolean {
  const revert = (result.evidence.fault as { detail?: { revert?: { replacedAt?: number } } } | undefined)?.detail?.revert;
  return typeof revert?.replacedAt === 'number' && restoredTheRecordedUpgradeSavepoint(result);
}

/** The scenario on one operator release; each call spells its `id:` out, as `frh repro` finds a bundle's file by it. */
function onOperator(operatorVersion: string, flinkConfig: Record<string, string>, release: Pick<ScenarioDefinition, 'id' | 'title' | 'alsoShows' | 'expect'>): void {
  scenario({
    ...release,
    platforms: ['operator'],
    deployment: { upgradeMode: 'savepoint', operatorVersion, flinkConfig },
    strategy: 'UPGRADE_SAVEPOINT',
    before: [checkpointCompletes()],
    fault: upgradeWhoseJobManagerNeverStarts({ then: 'revert' }),
  });
}

const affectedTitle = 'FLINK-30406 on operator 1.3.0: savepoint-mode upgrade whose JobManager never starts, the change taken back → the operator keeps waiting for HA metadata instead of upgrading from the recorded savepoint; the job never comes back: TIMEOUT';
if (builtOperatorImage('1.3.0') || scenarioCollector()) {
  onOperator('1.3.0', { 'high-availability': 'kubernetes' }, {
    id: 'kb-flink-30406-operator-1-3',
    title: affectedTitle,
    alsoShows: [
      { fact: 'operator 1.3.0 logged "waiting for upgradeable state" after the change was taken back', holds: operatorWaitedForAnUpgradeableState },
      { fact: 'the savepoint the upgrade took is recorded in the status (status.jobStatus.savepointInfo.lastSavepoint, triggerType UPGRADE)', holds: upgradeSavepointRecorded },
    ],
    expect: { verdict: 'TIMEOUT' },
  });
} else {
  test.skip(`${affectedTitle} [${platformName()}] — skipped: image operator-1.3.0 is not built here (images/build.sh operator-1.3.0; ./run known-bugs builds it)`);
}

onOperator('1.7.0', {}, {
  id: 'kb-flink-30406-operator-1-7',
  title: 'FLINK-30406 fixed in operator 1.7.0: savepoint-mode upgrade whose JobManager never starts, the change taken back → the operator replaces the JobManager and restores the upgrade savepoint: PASS',
  alsoShows: [{ fact: 'operator 1.7.0 replaced the JobManager that never started and the job restored the savepoint the upgrade took', holds: replacedAndRestoredTheUpgradeSavepoint }],
  expect: { verdict: 'PASS', restored: 'savepoint' },
});
