// The control of 03: the same stop-with-savepoint and redeploy with allowNonRestoredState, the job
// unchanged: every operator, the chained counter included, holds its state again → PASS.
import { scenario } from '../../harness/scenario/vitest.ts';
import { stopWithSavepoint } from '../../harness/faults/index.ts';
import { windowedCountJob } from '../../harness/scenario/example-jobs.ts';

scenario({
  id: 'user-job-redeployed-from-savepoint',
  title: "User's job (windowed count): stopped with a savepoint and redeployed unchanged → every operator keeps its state",
  platforms: ['docker', 'kubernetes'],
  versions: 'first',
  userJob: { prepare: (flinkVersion) => windowedCountJob(flinkVersion) },
  strategy: 'LATEST_STATE',
  fault: stopWithSavepoint(),
  redeployWith: { allowNonRestoredState: true },
  expect: { verdict: 'PASS', restored: 'savepoint' },
});
