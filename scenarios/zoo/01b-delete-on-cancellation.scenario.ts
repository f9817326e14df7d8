// Zoo 1b: checkpoints are deleted on cancel and there is no savepoint: the resumed job starts empty.
import { scenario } from '../../harness/scenario/vitest.ts';
import { cancelJob } from '../../harness/faults/index.ts';

scenario({
  id: 'zoo-delete-on-cancellation',
  title: 'Retention DELETE_ON_CANCELLATION: cancel deletes every checkpoint, LATEST_STATE starts empty',
  deployment: { retention: 'DELETE_ON_CANCELLATION' },
  versions: 'first',
  strategy: 'LATEST_STATE',
  fault: cancelJob(),
  expect: { verdict: 'NO_RESTORE', restored: 'none' },
});
