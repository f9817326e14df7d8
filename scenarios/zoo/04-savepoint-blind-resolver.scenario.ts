// Zoo 4: a resume policy that never looks at savepoints misses a savepoint that is the newest state.
import { scenario } from '../../harness/scenario/vitest.ts';
import { takeSavepoint } from '../../harness/scenario/steps.ts';
import { cancelJob } from '../../harness/faults/index.ts';

scenario({
  id: 'zoo-savepoint-blind-resolver',
  title: 'A resolver blind to savepoints resumes an older checkpoint when a savepoint is newest',
  deployment: { resume: { seededDefect: 'savepoint-blind' }, checkpointIntervalMs: 8000 },
  versions: 'first',
  strategy: 'LATEST_STATE',
  before: [takeSavepoint()],
  fault: cancelJob(),
  expect: { verdict: 'RESTORE_MISMATCH', restored: 'checkpoint' },
});
