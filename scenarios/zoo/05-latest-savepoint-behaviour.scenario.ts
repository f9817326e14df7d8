// Zoo 5: the platform behaves as LATEST_SAVEPOINT although LATEST_STATE was asked, and a checkpoint is newest.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes, takeSavepoint } from '../../harness/scenario/steps.ts';
import { cancelJob } from '../../harness/faults/index.ts';
import { savepointsOnlySnapshot } from '../../harness/platforms/restore-resolver.ts';

scenario({
  id: 'zoo-latest-savepoint-behaviour',
  title: 'LATEST_SAVEPOINT behaviour where LATEST_STATE was asked resumes the savepoint although a checkpoint is newer',
  versions: 'first',
  strategy: 'LATEST_STATE',
  before: [takeSavepoint(), checkpointCompletes()],
  fault: cancelJob(),
  resolver: savepointsOnlySnapshot,
  expect: { verdict: 'RESTORE_MISMATCH', restored: 'savepoint' },
});
