// Zoo 8: after the restart strategy gives up, the platform goes back to the first savepoint it ever
// had instead of the newest retained checkpoint.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes, takeSavepoint } from '../../harness/scenario/steps.ts';
import { failJobUntilRestartsExhausted } from '../../harness/faults/index.ts';

scenario({
  id: 'zoo-initial-savepoint-after-failure',
  title: 'After restarts are exhausted the platform resumes the initial savepoint instead of the newest checkpoint',
  deployment: { resume: { seededDefect: 'oldest-savepoint' }, restartAttempts: 2 },
  versions: 'first',
  strategy: 'LATEST_STATE',
  before: [takeSavepoint(), checkpointCompletes(), checkpointCompletes()],
  fault: failJobUntilRestartsExhausted(),
  expect: { verdict: 'RESTORE_MISMATCH', restored: 'savepoint' },
});
