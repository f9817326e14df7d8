// The job's HA ConfigMaps are deleted (a careless cleanup), then the spec changes in last-state
// mode. Read from the operator's source (1.7.0), a last-state deploy first checks that HA metadata
// exists (AbstractFlinkService.validateHaMetadataExists) and otherwise refuses with a
// RecoveryFailureException ("HA metadata not available to restore from last state"), which this
// harness reports as the job never coming back. What this scenario observed instead: the operator
// did not refuse; the upgraded job came back under the same job id with empty state (most likely
// the JobManager, still running after the deletion, wrote its leader ConfigMap again before the
// upgrade, so the check passed). Either way the newest checkpoint is lost: NO_RESTORE, and the
// report explains it by the lost HA metadata.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes } from '../../harness/scenario/steps.ts';
import { deleteHaMetadata, inSequence, upgradeJob } from '../../harness/faults/index.ts';
import type { ScenarioResult } from '../../harness/report/results.ts';

/** The explanation names the lost HA metadata as the cause, whichever way the operator lost the state. */
function explainedByLostHaMetadata(result: ScenarioResult): boolean {
  return /HA metadata\b.*\b(was deleted|not available)/.test(result.explanation);
}

scenario({
  id: 'op-ha-configmaps-deleted-before-last-state-upgrade',
  title: 'Operator: HA ConfigMaps deleted, then a last-state upgrade → the job loses its newest checkpoint: NO_RESTORE',
  platforms: ['operator'],
  deployment: { upgradeMode: 'last-state' },
  strategy: 'LAST_STATE',
  before: [checkpointCompletes()],
  fault: inSequence(deleteHaMetadata(), upgradeJob({ parallelism: 1 })),
  alsoShows: [{ fact: 'the explanation names the lost HA metadata', holds: explainedByLostHaMetadata }],
  expect: { verdict: 'NO_RESTORE', restored: 'none' },
});
