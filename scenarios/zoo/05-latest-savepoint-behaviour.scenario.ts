// Zoo 5: the platform is configured with LATEST_SAVEPOINT although the team wants the latest state, and a checkpoint is newest.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes, takeSavepoint } from '../../harness/scenario/steps.ts';
import { cancelJob } from '../../harness/faults/index.ts';

scenario({
  id: 'zoo-latest-savepoint-behaviour',
  title: 'A platform configured with LATEST_SAVEPOINT where the latest state is wanted resumes the savepoint although a checkpoint is newer',
  versions: 'first',
  deployment: { resume: { policy: 'LATEST_SAVEPOINT' } },
  strategy: 'LATEST_STATE',
  before: [takeSavepoint(), checkpointCompletes()],
  fault: cancelJob(),
  expect: { verdict: 'RESTORE_MISMATCH', restored: 'savepoint' },
});
