// Unusual but correct: the job is resumed at another parallelism (keyed state is redistributed
// over fewer subtasks). A rescale is not a restore defect and must not raise a false alarm.
import { scenario } from '../harness/scenario/vitest.ts';
import { checkpointCompletes } from '../harness/scenario/steps.ts';
import { cancelJob } from '../harness/faults/index.ts';

scenario({
  id: 'resume-at-different-parallelism',
  title: 'Job cancelled at parallelism 2, resumed with LATEST_STATE at parallelism 1 → restores the newest checkpoint',
  strategy: 'LATEST_STATE',
  before: [checkpointCompletes()],
  fault: cancelJob(),
  redeployWith: { parallelism: 1 },
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});
