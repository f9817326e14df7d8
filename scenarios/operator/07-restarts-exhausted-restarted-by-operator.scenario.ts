// The job fails until its restart strategy gives up (FAILED for good). With
// kubernetes.operator.job.restart.failed the operator restarts it by itself; the user's intent is
// the newest checkpoint.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes } from '../../harness/scenario/steps.ts';
import { failJobUntilRestartsExhausted } from '../../harness/faults/index.ts';

scenario({
  id: 'op-restarts-exhausted',
  title: 'Operator, upgradeMode last-state: job fails until its restarts are exhausted, restarted by the operator → restores the newest checkpoint',
  platforms: ['operator'],
  deployment: { upgradeMode: 'last-state', restartAttempts: 2 },
  strategy: 'LAST_STATE',
  before: [checkpointCompletes()],
  fault: failJobUntilRestartsExhausted(),
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});
