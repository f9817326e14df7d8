// In savepoint mode the operator suspends the job with a stop-with-savepoint and resumes it from
// that savepoint: the newest state at the suspend, newer than every checkpoint.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes } from '../../harness/scenario/steps.ts';
import { suspendJob } from '../../harness/faults/index.ts';

scenario({
  id: 'op-savepoint-suspend-resume',
  title: 'Operator, upgradeMode savepoint: job suspended, then running again → restores the savepoint the suspend took',
  platforms: ['operator'],
  deployment: { upgradeMode: 'savepoint' },
  strategy: 'UPGRADE_SAVEPOINT',
  before: [checkpointCompletes()],
  fault: suspendJob(),
  expect: { verdict: 'PASS', restored: 'savepoint' },
});
