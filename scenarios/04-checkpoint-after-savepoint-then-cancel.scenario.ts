// A checkpoint completes after the last savepoint; LATEST_STATE must prefer that newer checkpoint.
import { scenario } from '../harness/scenario/vitest.ts';
import { checkpointCompletes, takeSavepoint } from '../harness/scenario/steps.ts';
import { cancelJob } from '../harness/faults/index.ts';

scenario({
  id: 'checkpoint-after-savepoint-then-cancel',
  title: 'Checkpoint completed after the last savepoint, job cancelled, resumed with LATEST_STATE → restores the checkpoint',
  strategy: 'LATEST_STATE',
  before: [takeSavepoint(), checkpointCompletes()],
  fault: cancelJob(),
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});
