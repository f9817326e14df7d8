// FLINK-32012 (public record: the JIRA issue; apache/flink-kubernetes-operator pull request 590, fix
// d346ca9c, first released in 1.6.0). With kubernetes.operator.deployment.rollback.enabled the
// operator rolls an upgrade back to the last stable spec when the new deployment is not ready within
// kubernetes.operator.deployment.readiness.timeout. Up to 1.5 it rolled back only from HA metadata:
// after a savepoint-mode upgrade there is none (the stop-with-savepoint ends the job, Flink removes
// its HA data, the operator deletes the cluster's), and a new JobManager that never started wrote
// none, so the operator logged "Rollback is not possible due to missing HA metadata" and left the
// job down, although the savepoint the upgrade took was recorded in its status. The fix rolls such
// an upgrade back from that savepoint when the JobManager never started.
//
// The scenario: a savepoint-mode job, rollback enabled with a 20 s readiness timeout; the upgrade
// pins the new JobManager to a node that does not exist, so its pod stays Pending (it never starts).
// - operator 1.3.0 (affected): it refuses to roll back; nothing brings the job back: TIMEOUT, ended
//   as soon as the operator logs its refusal.
// - operator 1.7.0 (fixed): it rolls back to the last stable spec and the job restores the savepoint
//   the upgrade took: PASS.
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

const ROLLBACK_CONFIG = {
  'kubernetes.operator.deployment.rollback.enabled': 'true',
  'kubernetes.operator.deployment.readiness.timeout': '20s',
};

/** 1.3.0's mechanism, in its own log: it declined the rollback for want of HA metadata. */
function operatorRefusedTheRollback(result: ScenarioResult): boolean {
  return /Rollback is not possible due to missing HA metadata/.test(result.explanation)
    && Object.values(diagnosticsOf(result)).some((text) => text.includes('Rollback is not possible due to missing HA metadata'));
}

/** The fix: the operator began the rollback (its status said so) and the job restored the upgrade's savepoint. */
function rolledBackToTheUpgradeSavepoint(result: ScenarioResult): boolean {
  const rollback = (result.evidence.fault as { detail?: { rollback?: { decided?: boolean; state?: string } } } | undefined)?.detail?.rollback;
  return rollback?.decided === true && /^ROLL(ING|ED)_BACK$/.test(rollback.state ?? '') && restoredTheRecordedUpgradeSavepoint(result);
}

/** The scenario on one operator release; each call spells its `id:` out, as `frh repro` finds a bundle's file by it. */
function onOperator(operatorVersion: string, flinkConfig: Record<string, string>, release: Pick<ScenarioDefinition, 'id' | 'title' | 'alsoShows' | 'expect'>): void {
  scenario({
    ...release,
    platforms: ['operator'],
    deployment: { upgradeMode: 'savepoint', operatorVersion, flinkConfig },
    strategy: 'UPGRADE_SAVEPOINT',
    before: [checkpointCompletes()],
    fault: upgradeWhoseJobManagerNeverStarts({ then: 'rollback' }),
  });
}

const affectedTitle = 'FLINK-32012 on operator 1.3.0: savepoint-mode upgrade whose JobManager never starts, rollback enabled → the operator refuses to roll back (no HA metadata) although it recorded the upgrade savepoint; the job never comes back: TIMEOUT';
if (builtOperatorImage('1.3.0') || scenarioCollector()) {
  onOperator('1.3.0', { ...ROLLBACK_CONFIG, 'high-availability': 'kubernetes' }, {
    id: 'kb-flink-32012-operator-1-3',
    title: affectedTitle,
    alsoShows: [
      { fact: 'operator 1.3.0 logged "Rollback is not possible due to missing HA metadata"', holds: operatorRefusedTheRollback },
      { fact: 'the savepoint the upgrade took is recorded in the status (status.jobStatus.savepointInfo.lastSavepoint, triggerType UPGRADE)', holds: upgradeSavepointRecorded },
    ],
    expect: { verdict: 'TIMEOUT' },
  });
} else {
  test.skip(`${affectedTitle} [${platformName()}] — skipped: image operator-1.3.0 is not built here (images/build.sh operator-1.3.0; ./run known-bugs builds it)`);
}

onOperator('1.7.0', ROLLBACK_CONFIG, {
  id: 'kb-flink-32012-operator-1-7',
  title: 'FLINK-32012 fixed in operator 1.7.0: savepoint-mode upgrade whose JobManager never starts, rollback enabled → the operator rolls back from the upgrade savepoint: PASS',
  alsoShows: [{ fact: 'operator 1.7.0 rolled back (status ROLLING_BACK/ROLLED_BACK) and the job restored the savepoint the upgrade took', holds: rolledBackToTheUpgradeSavepoint }],
  expect: { verdict: 'PASS', restored: 'savepoint' },
});
