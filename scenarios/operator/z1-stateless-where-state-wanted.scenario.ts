// Seeded defect, through the operator's real configuration: the job keeps state, but its
// FlinkDeployment says upgradeMode: stateless (a copied template, a default left in place). The user
// wanted the newest state; the operator starts the upgraded job empty, as that mode documents.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes } from '../../harness/scenario/steps.ts';
import { upgradeJob } from '../../harness/faults/index.ts';

scenario({
  id: 'op-zoo-stateless-upgrade',
  title: 'Zoo (operator): upgradeMode stateless on a stateful job, parallelism changed → starts empty: NO_RESTORE',
  platforms: ['operator'],
  deployment: { upgradeMode: 'stateless' },
  strategy: 'LAST_STATE',
  before: [checkpointCompletes()],
  fault: upgradeJob({ parallelism: 1 }),
  expect: { verdict: 'NO_RESTORE', restored: 'none' },
});
