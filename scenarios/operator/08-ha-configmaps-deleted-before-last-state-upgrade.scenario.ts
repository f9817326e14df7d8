// The job's HA ConfigMaps are deleted (a careless cleanup), then the spec changes in last-state
// mode. Read from the operator's source (1.7.0): a last-state deploy requires HA metadata
// (AbstractFlinkService.submitApplicationCluster → validateHaMetadataExists) and otherwise throws a
// RecoveryFailureException, "HA metadata not available to restore from last state": the operator
// refuses to start the job rather than start it empty. The user wanted the newest checkpoint; the
// job does not come back, which the verdict names, with the operator's own words as its cause.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes } from '../../harness/scenario/steps.ts';
import { deleteHaMetadata, inSequence, upgradeJob } from '../../harness/faults/index.ts';
import type { ScenarioResult } from '../../harness/report/results.ts';

function operatorRefusedForMissingHaMetadata(result: ScenarioResult): boolean {
  return /the operator gave up restoring .*HA metadata not available to restore from last state/.test(result.explanation);
}

scenario({
  id: 'op-ha-configmaps-deleted-before-last-state-upgrade',
  title: 'Operator: HA ConfigMaps deleted, then a last-state upgrade → the operator refuses to restore (RecoveryFailureException): NO_RESTORE',
  platforms: ['operator'],
  deployment: { upgradeMode: 'last-state' },
  strategy: 'LAST_STATE',
  before: [checkpointCompletes()],
  fault: inSequence(deleteHaMetadata(), upgradeJob({ parallelism: 1 })),
  alsoShows: [{ fact: 'the operator refused the last-state deploy because the HA metadata was gone', holds: operatorRefusedForMissingHaMetadata }],
  expect: { verdict: 'NO_RESTORE', restored: 'none' },
});
