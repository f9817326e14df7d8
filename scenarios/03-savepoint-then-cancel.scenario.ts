// A savepoint is the newest state when the job is cancelled; LATEST_STATE must resume from it.
import { scenario } from '../harness/scenario/vitest.ts';
import { takeSavepoint } from '../harness/scenario/steps.ts';
import { cancelJob } from '../harness/faults/index.ts';

scenario({
  id: 'savepoint-then-cancel',
  title: 'Savepoint after the last checkpoint, job cancelled, resumed with LATEST_STATE → restores the savepoint',
  // A long interval keeps a periodic checkpoint from landing between the savepoint and the cancel.
  deployment: { checkpointIntervalMs: 8000 },
  strategy: 'LATEST_STATE',
  before: [takeSavepoint()],
  fault: cancelJob(),
  expect: { verdict: 'PASS', restored: 'savepoint' },
});
