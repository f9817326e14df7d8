// Zoo 1a: checkpoints are not retained; after a cancel LATEST_STATE can only find an older savepoint.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes, takeSavepoint } from '../../harness/scenario/steps.ts';
import { cancelJob } from '../../harness/faults/index.ts';

scenario({
  id: 'zoo-no-externalized-checkpoints',
  title: 'Retention NO_EXTERNALIZED_CHECKPOINTS: cancel deletes the newest checkpoint, LATEST_STATE falls back to an older savepoint',
  deployment: { retention: 'NO_EXTERNALIZED_CHECKPOINTS' },
  versions: 'first',
  strategy: 'LATEST_STATE',
  before: [takeSavepoint(), checkpointCompletes()],
  fault: cancelJob(),
  expect: { verdict: 'RESTORE_MISMATCH', restored: 'savepoint' },
});
