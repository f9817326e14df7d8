// The same spec change as 03 (parallelism 2 → 1 while running), in savepoint mode: the operator
// stops the job with a savepoint and the rescaled job restores it.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes } from '../../harness/scenario/steps.ts';
import { upgradeJob } from '../../harness/faults/index.ts';

scenario({
  id: 'op-savepoint-parallelism-change',
  title: 'Operator, upgradeMode savepoint: parallelism changed 2 → 1 while running → restores the upgrade savepoint',
  platforms: ['operator'],
  deployment: { upgradeMode: 'savepoint' },
  strategy: 'UPGRADE_SAVEPOINT',
  before: [checkpointCompletes()],
  fault: upgradeJob({ parallelism: 1 }),
  expect: { verdict: 'PASS', restored: 'savepoint' },
});
